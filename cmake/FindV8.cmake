# Finds V8 10.2 as shipped by Debian's libnode108 / libnode-dev.
#
# Search order: THINGSJS_V8_PREFIX (default: <source>/.deps/libnode/usr, where
# deploy/install-deps.sh unpacks the two archives), then a system libnode-dev.
# /usr/include/node may hold another V8 (Node 20's 11.3 headers), so the version
# found is checked: only V8 10.2 headers match the libnode108 library.
#
# Defines the imported target V8::V8.

set(THINGSJS_V8_PREFIX "${CMAKE_SOURCE_DIR}/.deps/libnode/usr" CACHE PATH
    "Prefix holding include/node/v8.h and lib/<arch>/libnode.so (from libnode108/libnode-dev)")

find_path(V8_INCLUDE_DIR v8.h
  PATHS "${THINGSJS_V8_PREFIX}/include/node" NO_DEFAULT_PATH)
find_library(V8_LIBRARY NAMES node.108 libnode.so.108 node
  PATHS "${THINGSJS_V8_PREFIX}/lib/x86_64-linux-gnu" "${THINGSJS_V8_PREFIX}/lib/aarch64-linux-gnu"
        "${THINGSJS_V8_PREFIX}/lib/arm-linux-gnueabihf" "${THINGSJS_V8_PREFIX}/lib"
  NO_DEFAULT_PATH)

if(NOT V8_INCLUDE_DIR OR NOT V8_LIBRARY)
  # A system libnode-dev (only if nothing conflicts with it on this machine).
  find_path(V8_INCLUDE_DIR v8.h PATH_SUFFIXES node)
  find_library(V8_LIBRARY NAMES libnode.so.108)
endif()

if(V8_INCLUDE_DIR AND EXISTS "${V8_INCLUDE_DIR}/v8-version.h")
  file(STRINGS "${V8_INCLUDE_DIR}/v8-version.h" _v8_major REGEX "#define V8_MAJOR_VERSION")
  file(STRINGS "${V8_INCLUDE_DIR}/v8-version.h" _v8_minor REGEX "#define V8_MINOR_VERSION")
  string(REGEX REPLACE ".*VERSION[ \t]+([0-9]+).*" "\\1" _v8_major "${_v8_major}")
  string(REGEX REPLACE ".*VERSION[ \t]+([0-9]+).*" "\\1" _v8_minor "${_v8_minor}")
  set(V8_VERSION "${_v8_major}.${_v8_minor}")
endif()

include(FindPackageHandleStandardArgs)
find_package_handle_standard_args(V8
  REQUIRED_VARS V8_LIBRARY V8_INCLUDE_DIR
  VERSION_VAR V8_VERSION)

if(V8_FOUND AND NOT V8_VERSION VERSION_EQUAL "10.2")
  message(FATAL_ERROR "V8 headers in ${V8_INCLUDE_DIR} are version ${V8_VERSION}; ThingsJS "
    "needs the V8 10.2 headers of libnode-dev (run deploy/install-deps.sh)")
endif()

if(V8_FOUND AND NOT TARGET V8::V8)
  add_library(V8::V8 SHARED IMPORTED)
  set_target_properties(V8::V8 PROPERTIES
    IMPORTED_LOCATION "${V8_LIBRARY}"
    IMPORTED_NO_SONAME FALSE
    INTERFACE_INCLUDE_DIRECTORIES "${V8_INCLUDE_DIR}"
    # libnode108 is built without pointer compression or the sandbox; V8's headers must see
    # the same configuration (never define V8_COMPRESS_POINTERS).
    INTERFACE_COMPILE_DEFINITIONS "V8_DEPRECATION_WARNINGS=0")
endif()
