# DemoScreenshots.cmake: one demo seen as a learner sees it: a screenshot at
# step 0 and one after STEPS switches (or after KEYS, simulated presses),
# each checked not blank, the two checked to differ, and what coroscope says
# about the position matched against EXPECT. OPTIONS go before the demo (both
# shots), ARGS after it (the script's sys.argv[1:]); both are ;-lists.
#
#   cmake -DXVFB_RUN=... -DCOROSCOPE=... -DCHECKER=... -DDEMO=pingpong -DSTEPS=5
#         [-DKEYS=Space,Space,Left] [-DEXPECT=regex] [-DOPTIONS=--client;hi] [-DARGS=0]
#         -DOUT_DIR=dir -P DemoScreenshots.cmake

foreach(var XVFB_RUN COROSCOPE CHECKER DEMO OUT_DIR)
  if(NOT ${var})
    message(FATAL_ERROR "DemoScreenshots.cmake: -D${var}=... is missing")
  endif()
endforeach()
set(width 1280)
set(height 800)
file(MAKE_DIRECTORY "${OUT_DIR}")
set(name ${DEMO})
if(KEYS)
  string(REPLACE "," "_" keys_name "${KEYS}")
  set(name ${DEMO}_keys)
endif()
set(first "${OUT_DIR}/${name}_0.png")
set(later "${OUT_DIR}/${name}_later.png")
file(REMOVE "${first}" "${later}")  # a PNG left by an earlier run must not pass

function(shoot out)
  set(command ${XVFB_RUN} -a -s "-screen 0 ${width}x${height}x24"
              ${COROSCOPE} --screenshot ${out} --size ${width}x${height} ${ARGN} ${OPTIONS}
              ${DEMO} ${ARGS})
  execute_process(COMMAND ${command} RESULT_VARIABLE rc OUTPUT_VARIABLE said ERROR_VARIABLE err
                  TIMEOUT 150)
  list(JOIN command " " shown)
  if(NOT rc STREQUAL "0")
    message(FATAL_ERROR "'${shown}' exited with ${rc}:\n${said}${err}")
  endif()
  if(NOT EXISTS "${out}")
    message(FATAL_ERROR "'${shown}' exited 0 but wrote no ${out}:\n${said}${err}")
  endif()
  message(STATUS "${said}")
  set(said "${said}" PARENT_SCOPE)
endfunction()

shoot(${first} --steps 0)
if(KEYS)
  shoot(${later} --steps 0 --keys ${KEYS})
else()
  shoot(${later} --steps ${STEPS})
endif()
if(EXPECT AND NOT said MATCHES "${EXPECT}")
  message(FATAL_ERROR "after ${KEYS}${STEPS} coroscope said:\n${said}\nwhich does not match '${EXPECT}'")
endif()

execute_process(COMMAND ${CHECKER} ${first} ${width} ${height}
                RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE out)
message(STATUS "${out}")
if(NOT rc STREQUAL "0")
  message(FATAL_ERROR "the step-0 screenshot failed its check:\n${out}")
endif()
execute_process(COMMAND ${CHECKER} ${later} ${width} ${height} ${first}
                RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE out)
message(STATUS "${out}")
if(NOT rc STREQUAL "0")
  message(FATAL_ERROR "the later screenshot failed its check:\n${out}")
endif()
