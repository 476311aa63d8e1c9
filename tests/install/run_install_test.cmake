# Configures, builds and installs GridLedger into a temporary prefix, then
# builds and runs tests/install/consumer against the installed package:
# once with the static engine (the default), once with the shared one.
file(REMOVE_RECURSE ${WORK_DIR})
function(run)
  execute_process(COMMAND ${ARGV} RESULT_VARIABLE rc)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "failed (${rc}): ${ARGV}")
  endif()
endfunction()
foreach(shared OFF ON)
  set(prefix ${WORK_DIR}/prefix-${shared})
  run(${CMAKE_COMMAND} -S ${SOURCE_DIR} -B ${WORK_DIR}/build-${shared} -DCMAKE_BUILD_TYPE=Release
      -DBUILD_SHARED_LIBS=${shared} -DCMAKE_INSTALL_PREFIX=${prefix}
      -DGRIDLEDGER_BUILD_TESTS=OFF -DGRIDLEDGER_BUILD_BENCH=OFF
      -DGRIDLEDGER_BUILD_KIOSK=OFF -DGRIDLEDGER_BUILD_TOOLS=OFF)
  run(${CMAKE_COMMAND} --build ${WORK_DIR}/build-${shared} --target install --parallel 2)
  run(${CMAKE_COMMAND} -S ${SOURCE_DIR}/tests/install/consumer -B ${WORK_DIR}/consumer-${shared}
      -DCMAKE_PREFIX_PATH=${prefix})
  run(${CMAKE_COMMAND} --build ${WORK_DIR}/consumer-${shared})
  run(${CMAKE_COMMAND} -E env LD_LIBRARY_PATH=${prefix}/lib
      ${WORK_DIR}/consumer-${shared}/consumer ${WORK_DIR}/data-${shared})
endforeach()
