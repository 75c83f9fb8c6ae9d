/** Micrometer meters and observations of the SDK's own work, recorded from the manager's listener events. */
package io.meshsdk.micrometer;
