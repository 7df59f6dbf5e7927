# KEYSIFT_PORTABLE=ON: one fully static executable (glibc, libstdc++ and every library
# linked in) that runs on any x86-64 Linux whatever its C library (Alpine's musl, an
# older glibc). Included by the top-level CMakeLists.txt before the libraries are found.
#
# Every library comes from Debian's own static archive (.a), with the archives its
# pkg-config file lists for static linking, except where Debian ships none:
#  - fmt and toml++: compiled in header-only mode (Debian ships only their .so);
#  - the GSS-API that Debian's libgit2.a calls for Kerberos (SPNEGO) HTTP authentication:
#    Debian ships no static GSS-API library (MIT krb5 and Heimdal: .so only), and keysift
#    never opens a network remote, so cli/portable_gssapi.cpp answers "unavailable".
if(NOT CMAKE_SYSTEM_NAME STREQUAL "Linux")
  message(FATAL_ERROR "KEYSIFT_PORTABLE builds a static Linux executable")
endif()
set(CMAKE_FIND_LIBRARY_SUFFIXES .a)
set(BUILD_SHARED_LIBS OFF)
add_link_options(-static)

add_library(fmt::fmt INTERFACE IMPORTED)
set_target_properties(fmt::fmt PROPERTIES INTERFACE_COMPILE_DEFINITIONS "FMT_HEADER_ONLY=1")
add_library(tomlplusplus::tomlplusplus INTERFACE IMPORTED)
set_target_properties(tomlplusplus::tomlplusplus PROPERTIES
  INTERFACE_COMPILE_DEFINITIONS "TOML_HEADER_ONLY=1")

find_package(PkgConfig REQUIRED)
# keysift_static_package(TARGET MODULE...): an imported target linking the modules' static
# archives and everything `pkg-config --static` lists after them (-lfoo becomes
# libfoo.a under -static). libgcc_s has no static archive: -static links libgcc instead.
function(keysift_static_package target)
  execute_process(COMMAND ${PKG_CONFIG_EXECUTABLE} --static --libs-only-l ${ARGN}
                  OUTPUT_VARIABLE libs RESULT_VARIABLE rc OUTPUT_STRIP_TRAILING_WHITESPACE)
  execute_process(COMMAND ${PKG_CONFIG_EXECUTABLE} --cflags-only-I ${ARGN}
                  OUTPUT_VARIABLE incs OUTPUT_STRIP_TRAILING_WHITESPACE)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "KEYSIFT_PORTABLE: pkg-config knows no ${ARGN}")
  endif()
  separate_arguments(libs UNIX_COMMAND "${libs}")
  list(REMOVE_ITEM libs -lgcc_s)
  string(REPLACE "-I" "" incs "${incs}")
  separate_arguments(incs UNIX_COMMAND "${incs}")
  add_library(${target} INTERFACE IMPORTED)
  set_target_properties(${target} PROPERTIES INTERFACE_LINK_LIBRARIES "${libs}"
                                             INTERFACE_INCLUDE_DIRECTORIES "${incs}")
  message(STATUS "KEYSIFT_PORTABLE: ${target}: ${libs}")
endfunction()
keysift_static_package(PkgConfig::HS libhs)
keysift_static_package(PkgConfig::RE2 re2)
keysift_static_package(PkgConfig::LIBGIT2 libgit2 libssh2)
keysift_static_package(PkgConfig::LIBARCHIVE libarchive)
keysift_static_package(PkgConfig::ZSTD libzstd)
keysift_static_package(PkgConfig::LIBDEFLATE libdeflate)
