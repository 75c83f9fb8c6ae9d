/** Internals of the API jar; not part of the public contract and excluded from Javadoc. */
package io.meshsdk.internal;
