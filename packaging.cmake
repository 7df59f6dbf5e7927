# `cmake --install` and the Debian package (CPack). Included by the top-level
# CMakeLists.txt after every target exists.
include(GNUInstallDirs)

# zsh reads completions from fpath: site-functions is the upstream place (and
# /usr/local/share/zsh/site-functions is in Debian's fpath); Debian's packages put theirs in
# vendor-completions, which the .deb uses.
set(KEYSIFT_ZSH_COMPLETIONS_DIR "${CMAKE_INSTALL_DATADIR}/zsh/site-functions"
    CACHE STRING "Where `cmake --install` puts the zsh completion (_keysift)")

install(TARGETS keysift RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
install(FILES ${PROJECT_BINARY_DIR}/share/keysift.1 DESTINATION ${CMAKE_INSTALL_MANDIR}/man1)
install(FILES ${PROJECT_BINARY_DIR}/share/keysift.bash
        DESTINATION ${CMAKE_INSTALL_DATADIR}/bash-completion/completions RENAME keysift)
install(FILES ${PROJECT_BINARY_DIR}/share/_keysift DESTINATION ${KEYSIFT_ZSH_COMPLETIONS_DIR})
install(FILES ${PROJECT_BINARY_DIR}/share/keysift.fish
        DESTINATION ${CMAKE_INSTALL_DATADIR}/fish/vendor_completions.d)
# The hook scripts, for a hooks directory managed by hand (`keysift install-hooks` does not
# need them: it carries its own copy).
install(PROGRAMS hooks/pre-commit hooks/pre-push hooks/framework-pre-push
        DESTINATION ${CMAKE_INSTALL_DATADIR}/keysift/hooks)
install(FILES README.md CHANGELOG.md DESTINATION ${CMAKE_INSTALL_DOCDIR})
install(FILES LICENSE DESTINATION ${CMAKE_INSTALL_DOCDIR} RENAME copyright)

set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME keysift)
set(CPACK_PACKAGE_VENDOR "the keysift authors")
set(CPACK_PACKAGE_CONTACT "keysift maintainers <keysift@users.noreply.github.com>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY
    "finds leaked credentials in files, git history, container images and logs")
set(CPACK_PACKAGE_DESCRIPTION
    "keysift finds API keys, tokens, private keys and passwords before they spread: in a
commit being made (a pre-commit hook), a pull request, a repository's history, a
container image before it is pushed, or a CI log. Rules are compiled into one Hyperscan
database and every hit is confirmed by RE2.")
set(CPACK_RESOURCE_FILE_LICENSE ${PROJECT_SOURCE_DIR}/LICENSE)
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION utils)
set(CPACK_DEBIAN_PACKAGE_HOMEPAGE "https://github.com/keysift/keysift")
# A portable build is static: it depends on nothing. Otherwise dpkg-shlibdeps names the
# shared libraries the binary links.
if(KEYSIFT_PORTABLE)
  set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS OFF)
else()
  set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
endif()
set(CPACK_DEBIAN_PACKAGE_RECOMMENDS "git")
set(CPACK_STRIP_FILES ON)
include(CPack)
