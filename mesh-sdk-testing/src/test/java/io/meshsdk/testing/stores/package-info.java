/** The SDK's own stores running the store compatibility kit. */
package io.meshsdk.testing.stores;
