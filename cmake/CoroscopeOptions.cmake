# coroscope_target_options(TARGET) is the one place that sets warnings,
# hardening and sanitizer flags. Every target in the tree calls it.
#
# The sanitizer choice also picks Boost.Context's implementation: under ASan,
# fcontext's hand-written stack switches confuse the sanitizer, so fibers use
# Boost's ucontext implementation with BOOST_USE_ASAN (Boost.Context's
# doc/stack.qbk). That must be the same in every translation unit, so it is a
# directory-wide definition, not a per-target one.
#
# COROSCOPE_FUZZ builds every target with libFuzzer's coverage instrumentation
# (fuzzer-no-link) and ASan+UBSan, so it implies the address setting; the
# fuzz targets themselves link libFuzzer (tests/fuzz).

if(COROSCOPE_FUZZ)
  if(NOT CMAKE_CXX_COMPILER_ID MATCHES "Clang")
    message(FATAL_ERROR "COROSCOPE_FUZZ needs clang (-DCMAKE_CXX_COMPILER=clang++)")
  endif()
  add_compile_definitions(BOOST_USE_UCONTEXT BOOST_USE_ASAN)
  set(_coroscope_san_flags -fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer)
elseif(COROSCOPE_SANITIZE STREQUAL "address")
  add_compile_definitions(BOOST_USE_UCONTEXT BOOST_USE_ASAN)
  set(_coroscope_san_flags -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer)
elseif(COROSCOPE_SANITIZE STREQUAL "undefined")
  set(_coroscope_san_flags -fsanitize=undefined -fno-sanitize-recover=all -fno-omit-frame-pointer)
elseif(NOT COROSCOPE_SANITIZE STREQUAL "")
  message(FATAL_ERROR "COROSCOPE_SANITIZE must be empty, 'undefined' or 'address', not '${COROSCOPE_SANITIZE}'")
endif()

function(coroscope_target_options target)
  target_compile_options(${target} PRIVATE
    $<$<COMPILE_LANGUAGE:CXX>:-Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor>
    $<$<COMPILE_LANGUAGE:C>:-Wall -Wextra>
    -fstack-clash-protection)
  if(COROSCOPE_WERROR)
    target_compile_options(${target} PRIVATE -Werror)
  endif()
  if(_coroscope_san_flags)
    target_compile_options(${target} PRIVATE ${_coroscope_san_flags})
    target_link_options(${target} PRIVATE ${_coroscope_san_flags})
  endif()
endfunction()
