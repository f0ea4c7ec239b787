# Project-wide compile settings, applied PRIVATE to each drdrill target through drdrill_options.
add_library(drdrill_options INTERFACE)
target_compile_options(drdrill_options INTERFACE -Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor
  -Wold-style-cast -Wcast-align -Woverloaded-virtual -Wimplicit-fallthrough)
if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU" AND CMAKE_CXX_COMPILER_VERSION VERSION_LESS 13)
  # GCC 12 at -O2/-O3 reports -Wrestrict inside libstdc++ for `"literal" + std::string`, a known false
  # positive (GCC bug 105329) that would otherwise fire all over the optimised builds.
  target_compile_options(drdrill_options INTERFACE -Wno-restrict)
endif()
if(DRDRILL_WERROR)
  target_compile_options(drdrill_options INTERFACE -Werror)
endif()
if(DRDRILL_SANITIZE)
  # Sanitizers must reach every object and the link, so they are global rather than per target.
  add_compile_options(-fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined)
  add_link_options(-fsanitize=address,undefined)
endif()
if(DRDRILL_FUZZ)
  if(NOT CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
    message(FATAL_ERROR "DRDRILL_FUZZ needs clang (libFuzzer): use the fuzz preset after scripts/setup.sh --fuzz")
  endif()
  # Coverage instrumentation for libFuzzer on every object; only the fuzz targets link its main
  # (tests/fuzz/CMakeLists.txt adds -fsanitize=fuzzer there). UB aborts, so the fuzzer reports it.
  # -fno-sanitize=function: clang 14's function-type check puts prologue data before coroutine
  # bodies that the assembler cannot encode ("Cannot represent a difference across sections" in
  # mocks/databricks/src/job_service.cpp); it checks calls through mistyped function pointers, which
  # this C++ code does not make.
  add_compile_options(-fsanitize=fuzzer-no-link,address,undefined -fno-sanitize=function -fno-omit-frame-pointer
                      -fno-sanitize-recover=undefined)
  add_link_options(-fsanitize=address,undefined)
endif()

# drdrill_add_library(NAME ALIAS SOURCES... [PUBLIC_LIBS ...] [PRIVATE_LIBS ...])
# A layer library with headers in include/<layer>/ and sources in src/.
function(drdrill_add_library name)
  cmake_parse_arguments(ARG "" "ALIAS" "SOURCES;PUBLIC_LIBS;PRIVATE_LIBS" ${ARGN})
  add_library(${name} STATIC ${ARG_SOURCES})
  add_library(${ARG_ALIAS} ALIAS ${name})
  target_include_directories(${name} PUBLIC ${CMAKE_CURRENT_SOURCE_DIR}/include)
  target_link_libraries(${name} PUBLIC ${ARG_PUBLIC_LIBS} PRIVATE drdrill_options ${ARG_PRIVATE_LIBS})
endfunction()

# drdrill_add_test(SOURCE file_test.cpp LIBS ... [LABELS ...])
# One executable per test file, registered with ctest through gtest_discover_tests. Records the
# file so tests/CMakeLists.txt can fail the configure step when a *_test.cpp is not registered.
function(drdrill_add_test)
  cmake_parse_arguments(ARG "" "SOURCE" "LIBS;LABELS" ${ARGN})
  get_filename_component(test_name ${ARG_SOURCE} NAME_WE)
  add_executable(${test_name} ${ARG_SOURCE})
  target_link_libraries(${test_name} PRIVATE drdrill_options ${ARG_LIBS} GTest::gtest GTest::gtest_main GTest::gmock)
  gtest_discover_tests(${test_name} DISCOVERY_MODE PRE_TEST PROPERTIES LABELS "${ARG_LABELS}")
  get_filename_component(abs ${ARG_SOURCE} ABSOLUTE)
  set_property(GLOBAL APPEND PROPERTY DRDRILL_REGISTERED_TESTS ${abs})
endfunction()
