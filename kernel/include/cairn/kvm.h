/*
 * The kernel's address space: one Sv39 table tree that maps, identity and
 * supervisor-only, the kernel image with W^X (text R+X, rodata R, data and
 * bss R+W), the rest of RAM R+W, and the MMIO devices the kernel drives
 * R+W; nothing in the user window. Every hart runs on it, and every process
 * address space shares its top-level entries.
 */
#ifndef CAIRN_KVM_H
#define CAIRN_KVM_H

#include <stdint.h>

#include "cairn/boot.h"
#include "cairn/vm.h"

/* Build the kernel tables; panics if they cannot be made. Boot hart, before kvm_enable_hart. */
void kvm_init(const struct boot_info *boot);

/* Switch the calling hart to the kernel tables (satp, then sfence.vma). */
void kvm_enable_hart(void);

/* satp value of the kernel tables. */
uint64_t kvm_satp(void);

const pte_t *kvm_root(void);

/* Page tables come from, and go back to, the frame allocator. */
extern const struct vm_table_source kvm_tables;

#endif /* CAIRN_KVM_H */
