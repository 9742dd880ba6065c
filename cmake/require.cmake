# shipshape_require(): find_package for a build dependency that, when it is missing, stops with the
# Debian package to install rather than CMake's generic search report.
#
#   shipshape_require(yaml-cpp DEBIAN libyaml-cpp-dev [VERSION 1.2] [ARGS CONFIG COMPONENTS ...])
#   shipshape_require_pkg_config(RE2 re2 DEBIAN libre2-dev)
# Macros, not functions: what find_package sets must reach the caller's scope.
macro(shipshape_require package)
  cmake_parse_arguments(_shipshape_req "" "DEBIAN;VERSION" "ARGS" ${ARGN})
  find_package(${package} ${_shipshape_req_VERSION} QUIET ${_shipshape_req_ARGS})
  if(NOT ${package}_FOUND)
    if(_shipshape_req_VERSION)
      set(_shipshape_req_VERSION " ${_shipshape_req_VERSION} or newer")
    endif()
    message(FATAL_ERROR "${package}${_shipshape_req_VERSION} not found: install ${_shipshape_req_DEBIAN} "
                        "(scripts/install-deps installs every build dependency)")
  endif()
endmacro()

macro(shipshape_require_pkg_config prefix module)
  cmake_parse_arguments(_shipshape_req "" "DEBIAN" "" ${ARGN})
  find_package(PkgConfig QUIET)
  if(NOT PkgConfig_FOUND)
    message(FATAL_ERROR "pkg-config not found: install pkg-config "
                        "(scripts/install-deps installs every build dependency)")
  endif()
  pkg_check_modules(${prefix} QUIET IMPORTED_TARGET ${module})
  if(NOT ${prefix}_FOUND)
    message(FATAL_ERROR "${module} not found (pkg-config module ${module}): install ${_shipshape_req_DEBIAN} "
                        "(scripts/install-deps installs every build dependency)")
  endif()
endmacro()
