package io.iron.perf;
/** Placeholder so the module builds. */
final class PackageInfo { private PackageInfo() { } }
