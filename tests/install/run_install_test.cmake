# Configures, builds and installs GridLedger into a temporary prefix, then
# builds and runs tests/install/consumer against the installed package.
file(REMOVE_RECURSE ${WORK_DIR})
set(prefix ${WORK_DIR}/prefix)
function(run)
  execute_process(COMMAND ${ARGV} RESULT_VARIABLE rc)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "failed (${rc}): ${ARGV}")
  endif()
endfunction()
run(${CMAKE_COMMAND} -S ${SOURCE_DIR} -B ${WORK_DIR}/build -DCMAKE_BUILD_TYPE=Release
    -DCMAKE_INSTALL_PREFIX=${prefix} -DGRIDLEDGER_BUILD_TESTS=OFF -DGRIDLEDGER_BUILD_BENCH=OFF
    -DGRIDLEDGER_BUILD_KIOSK=OFF -DGRIDLEDGER_BUILD_TOOLS=OFF)
run(${CMAKE_COMMAND} --build ${WORK_DIR}/build --target install --parallel 2)
run(${CMAKE_COMMAND} -S ${SOURCE_DIR}/tests/install/consumer -B ${WORK_DIR}/consumer
    -DCMAKE_PREFIX_PATH=${prefix})
run(${CMAKE_COMMAND} --build ${WORK_DIR}/consumer)
run(${WORK_DIR}/consumer/consumer ${WORK_DIR}/data)
