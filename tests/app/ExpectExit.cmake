# ExpectExit.cmake: runs a command and checks its exit code and its output.
#
#   cmake -DEXIT=2 -DMATCH=<regex> [-DONE_LINE=ON] [-DNO_DISPLAY=ON]
#         -P ExpectExit.cmake -- <command> [args...]
#
# MATCH is searched in stdout and stderr together. ONE_LINE asks that the
# output be exactly one line. NO_DISPLAY runs the command with DISPLAY and
# WAYLAND_DISPLAY unset, as on a machine with no screen.

if(NOT DEFINED EXIT)
  message(FATAL_ERROR "ExpectExit.cmake: -DEXIT=<code> is missing")
endif()
set(command "")
set(after_dashes OFF)
math(EXPR last "${CMAKE_ARGC} - 1")
foreach(i RANGE 0 ${last})
  if(after_dashes)
    list(APPEND command "${CMAKE_ARGV${i}}")
  elseif(CMAKE_ARGV${i} STREQUAL "--")
    set(after_dashes ON)
  endif()
endforeach()
if(NOT command)
  message(FATAL_ERROR "ExpectExit.cmake: no command after --")
endif()
if(NO_DISPLAY)
  unset(ENV{DISPLAY})
  unset(ENV{WAYLAND_DISPLAY})
endif()

execute_process(COMMAND ${command} RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE out
                TIMEOUT 60)
list(JOIN command " " shown)
message(STATUS "'${shown}' exited with ${rc}:\n${out}")
if(NOT rc STREQUAL "${EXIT}")
  message(FATAL_ERROR "expected exit code ${EXIT}, got ${rc}")
endif()
if(DEFINED MATCH AND NOT out MATCHES "${MATCH}")
  message(FATAL_ERROR "the output does not match '${MATCH}'")
endif()
if(ONE_LINE AND NOT out MATCHES "^[^\n]+\n$")
  message(FATAL_ERROR "expected exactly one line of output")
endif()
