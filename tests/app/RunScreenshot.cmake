# RunScreenshot.cmake: the screenshot path end to end. It runs coroscope under
# xvfb-run to save a PNG, then the PNG checker on it.
#
#   cmake -DXVFB_RUN=... -DCOROSCOPE=... -DCHECKER=... -DOUTPUT=x.png -DWIDTH=1280 -DHEIGHT=800
#         -P RunScreenshot.cmake

foreach(var XVFB_RUN COROSCOPE CHECKER OUTPUT WIDTH HEIGHT)
  if(NOT ${var})
    message(FATAL_ERROR "RunScreenshot.cmake: -D${var}=... is missing")
  endif()
endforeach()

file(REMOVE "${OUTPUT}")  # a PNG left by an earlier run must not pass
set(command ${XVFB_RUN} -a -s "-screen 0 ${WIDTH}x${HEIGHT}x24"
            ${COROSCOPE} --screenshot ${OUTPUT} --size ${WIDTH}x${HEIGHT})
execute_process(COMMAND ${command} RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE out
                TIMEOUT 120)
if(NOT rc STREQUAL "0")
  list(JOIN command " " shown)
  message(FATAL_ERROR "'${shown}' exited with ${rc}:\n${out}")
endif()
if(NOT EXISTS "${OUTPUT}")
  message(FATAL_ERROR "coroscope exited 0 but wrote no ${OUTPUT}:\n${out}")
endif()

execute_process(COMMAND ${CHECKER} ${OUTPUT} ${WIDTH} ${HEIGHT}
                RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE out)
message(STATUS "${out}")
if(NOT rc STREQUAL "0")
  message(FATAL_ERROR "the screenshot failed its check:\n${out}")
endif()
