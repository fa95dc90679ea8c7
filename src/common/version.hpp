#pragma once
// Set at build time (cmake/BuildInfo.cmake), like the images' VERSION / VCS_REF / BUILD_DATE.
namespace lucid {
extern const char* const kVersion;
extern const char* const kVcsRef;
extern const char* const kBuildDate;
}  // namespace lucid
