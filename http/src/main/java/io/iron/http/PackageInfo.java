package io.iron.http;
/** Placeholder so the module builds. */
final class PackageInfo { private PackageInfo() { } }
