/** Runnable examples of mesh-sdk, each with a {@code main} and a {@code run} that tests call. */
package io.meshsdk.examples;
