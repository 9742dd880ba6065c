# Installs the build into a scratch prefix, then builds and runs the consumer against it three
# times: with find_package(shipshape) as C++17 and as C++20, and with a plain Makefile that takes
# its flags from the installed shipshape.pc.
file(REMOVE_RECURSE ${WORK_DIR})
execute_process(COMMAND ${CMAKE_COMMAND} --install ${BINARY_DIR} --prefix ${WORK_DIR}/prefix
                RESULT_VARIABLE rc OUTPUT_QUIET)
if(rc)
  message(FATAL_ERROR "install failed")
endif()

function(run_consumer exe what)
  execute_process(COMMAND ${exe} RESULT_VARIABLE rc OUTPUT_VARIABLE out)
  message(STATUS "${what}: ${out}")
  if(rc)
    message(FATAL_ERROR "the consumer (${what}) did not see the expected findings")
  endif()
endfunction()

foreach(standard 17 20)
  set(build ${WORK_DIR}/build-cxx${standard})
  execute_process(COMMAND ${CMAKE_COMMAND} -S ${SOURCE_DIR}/tests/consumer -B ${build} -G ${GENERATOR}
                          -DCMAKE_PREFIX_PATH=${WORK_DIR}/prefix -DCMAKE_BUILD_TYPE=Release
                          -DCMAKE_CXX_STANDARD=${standard} -DCMAKE_CXX_STANDARD_REQUIRED=ON
                          -DCMAKE_CXX_EXTENSIONS=OFF
                  RESULT_VARIABLE rc)
  if(rc)
    message(FATAL_ERROR "configuring the consumer as C++${standard} failed")
  endif()
  execute_process(COMMAND ${CMAKE_COMMAND} --build ${build} --verbose RESULT_VARIABLE rc OUTPUT_VARIABLE log
                  ERROR_VARIABLE log)
  if(rc)
    message(FATAL_ERROR "building the consumer as C++${standard} failed:\n${log}")
  endif()
  if(NOT log MATCHES "-std=c\\+\\+${standard}")
    message(FATAL_ERROR "the consumer was not compiled as C++${standard}:\n${log}")
  endif()
  run_consumer(${build}/consumer "CMake, C++${standard}")
endforeach()

file(MAKE_DIRECTORY ${WORK_DIR}/make)
execute_process(COMMAND ${CMAKE_COMMAND} -E env PKG_CONFIG_PATH=${WORK_DIR}/prefix/${LIBDIR}/pkgconfig
                        make -f ${SOURCE_DIR}/tests/consumer/Makefile SRC=${SOURCE_DIR}/tests/consumer/main.cpp
                        OUT=${WORK_DIR}/make/consumer
                RESULT_VARIABLE rc OUTPUT_VARIABLE log ERROR_VARIABLE log)
if(rc)
  message(FATAL_ERROR "building the consumer with make and pkg-config failed:\n${log}")
endif()
run_consumer(${WORK_DIR}/make/consumer "make + pkg-config, C++17")
