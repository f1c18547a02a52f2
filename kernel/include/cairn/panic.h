/*
 * Stopping on a broken kernel invariant. PANIC("what %d", x) prints
 * "PANIC: <function>: what ..." on the console and ends the run through the
 * finisher with FINISHER_CODE_PANIC. Never for anything a user can cause.
 */
#ifndef CAIRN_PANIC_H
#define CAIRN_PANIC_H

#define PANIC(...) panic_at(__func__, __VA_ARGS__)

__attribute__((noreturn, format(printf, 2, 3))) void panic_at(const char *func, const char *fmt,
							      ...);

#endif /* CAIRN_PANIC_H */
