/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* tests/fuzz/fuzz.h - what every fuzz harness in tests/fuzz/ defines.
 *
 * A harness is one function, libFuzzer's entry point, that feeds an input
 * to one of libkg's parsers and returns 0. It is linked two ways: with
 * libFuzzer (clang -fsanitize=fuzzer, by tests/fuzz/run.sh) to search for
 * crashes, and with replay_test.c (any compiler, make check) to run the
 * seed corpus and every input that once crashed, as regression tests.
 * A harness that finds a wrong result, not only a crash, calls abort(). */
#ifndef KG_TESTS_FUZZ_H
#define KG_TESTS_FUZZ_H

#include <stddef.h>
#include <stdint.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#endif
