package io.iron.engine;
/** Placeholder so the module builds. */
final class PackageInfo { private PackageInfo() { } }
