# Build step: writes the man page and the bash, zsh and fish completions into DIR by
# running the keysift just built (KEYSIFT), so they come from its option definitions.
# cmake -DKEYSIFT=... -DDIR=... -P generate_docs.cmake
file(MAKE_DIRECTORY "${DIR}")
foreach(job "man;keysift.1" "completions;bash;keysift.bash" "completions;zsh;_keysift"
            "completions;fish;keysift.fish")
  list(POP_BACK job out)
  execute_process(COMMAND "${KEYSIFT}" ${job} OUTPUT_FILE "${DIR}/${out}.tmp"
                  RESULT_VARIABLE rc ERROR_VARIABLE err)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "generate_docs: keysift ${job} exited with ${rc}: ${err}")
  endif()
  file(RENAME "${DIR}/${out}.tmp" "${DIR}/${out}")
endforeach()
