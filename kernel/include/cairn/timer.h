/*
 * The preemption timer: a supervisor timer interrupt every TIMER_QUANTUM_MS
 * on each hart that started it, through stimecmp when every hart has Sstc,
 * else SBI set_timer. Each interrupt is
 * counted in the hart's context and re-arms the next one.
 */
#ifndef CAIRN_TIMER_H
#define CAIRN_TIMER_H

#include <stdbool.h>
#include <stdint.h>

#include "cairn/trap.h"

#define TIMER_QUANTUM_MS 10

/*
 * The timebase rate, from the device tree, and whether every hart has Sstc
 * (then the timer is stimecmp, else SBI set_timer); boot hart, before any
 * timer starts.
 */
void timer_init(uint64_t timebase_hz, bool sstc);

/* Make this hart's timer fire once `time` reaches `when`; false if SBI refused. */
bool timer_set(uint64_t when);

/* Arm the first interrupt and enable the timer source on the calling hart. */
void timer_start_hart(void);

/* Disarm and disable the timer source on the calling hart. */
void timer_stop_hart(void);

/* A timer interrupt arrived on this hart: count it and arm the next. */
void timer_tick(struct hart_ctx *hart);

#endif /* CAIRN_TIMER_H */
