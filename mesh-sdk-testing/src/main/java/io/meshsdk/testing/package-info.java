/** What platforms test their mesh integration with: AssertJ assertions on plans and apply results. */
package io.meshsdk.testing;
