package io.meshsdk.internal;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.immutables.value.Value;

/**
 * The one Immutables style of every mesh-sdk value: the generated class stays package-private
 * behind the hand-written type, accessors read like record components, collections keep their
 * order, and no Guava is required.
 */
@Target({ElementType.PACKAGE, ElementType.TYPE})
@Retention(RetentionPolicy.CLASS)
@Value.Style(
    visibility = Value.Style.ImplementationVisibility.PACKAGE,
    overshadowImplementation = true,
    builderVisibility = Value.Style.BuilderVisibility.PACKAGE,
    jdkOnly = true,
    depluralize = true,
    depluralizeDictionary = {"match:matches", "policy:policies", "entry:entries", "address:addresses", "mesh:meshes"},
    defaults = @Value.Immutable(copy = false),
    headerComments = false,
    optionalAcceptNullable = true)
public @interface ValueStyle {}
