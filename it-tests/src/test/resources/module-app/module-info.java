// A user's module: Weft's jars are automatic modules (named by their manifests' Automatic-Module-Name).
module app {
    requires dev.weft.runtime;
    requires dev.weft.annotations;
}
