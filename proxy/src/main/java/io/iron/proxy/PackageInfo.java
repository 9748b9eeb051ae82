package io.iron.proxy;
/** Placeholder so the module builds. */
final class PackageInfo { private PackageInfo() { } }
