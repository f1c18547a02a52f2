/*
 * hostile_fp_fill(seed = a0): f_i = seed + i for every f-register, and fcsr
 * = seed's low 8 bits (rounding mode and flags). hostile_fp_check(seed = a0):
 * 0 when every f-register and fcsr still hold what fill wrote for seed, else
 * 1 + the first register that differs (33 for fcsr). Leaf functions: the C
 * code around them does not use floating point (RFC-0010's FP attack).
 * hostile_fp_zero_check(): 0 when every f-register and fcsr is 0, else as
 * hostile_fp_check.
 */
	.text
	.globl hostile_fp_fill
hostile_fp_fill:
	addi	t0, a0, 0
	fmv.d.x	f0, t0
	addi	t0, a0, 1
	fmv.d.x	f1, t0
	addi	t0, a0, 2
	fmv.d.x	f2, t0
	addi	t0, a0, 3
	fmv.d.x	f3, t0
	addi	t0, a0, 4
	fmv.d.x	f4, t0
	addi	t0, a0, 5
	fmv.d.x	f5, t0
	addi	t0, a0, 6
	fmv.d.x	f6, t0
	addi	t0, a0, 7
	fmv.d.x	f7, t0
	addi	t0, a0, 8
	fmv.d.x	f8, t0
	addi	t0, a0, 9
	fmv.d.x	f9, t0
	addi	t0, a0, 10
	fmv.d.x	f10, t0
	addi	t0, a0, 11
	fmv.d.x	f11, t0
	addi	t0, a0, 12
	fmv.d.x	f12, t0
	addi	t0, a0, 13
	fmv.d.x	f13, t0
	addi	t0, a0, 14
	fmv.d.x	f14, t0
	addi	t0, a0, 15
	fmv.d.x	f15, t0
	addi	t0, a0, 16
	fmv.d.x	f16, t0
	addi	t0, a0, 17
	fmv.d.x	f17, t0
	addi	t0, a0, 18
	fmv.d.x	f18, t0
	addi	t0, a0, 19
	fmv.d.x	f19, t0
	addi	t0, a0, 20
	fmv.d.x	f20, t0
	addi	t0, a0, 21
	fmv.d.x	f21, t0
	addi	t0, a0, 22
	fmv.d.x	f22, t0
	addi	t0, a0, 23
	fmv.d.x	f23, t0
	addi	t0, a0, 24
	fmv.d.x	f24, t0
	addi	t0, a0, 25
	fmv.d.x	f25, t0
	addi	t0, a0, 26
	fmv.d.x	f26, t0
	addi	t0, a0, 27
	fmv.d.x	f27, t0
	addi	t0, a0, 28
	fmv.d.x	f28, t0
	addi	t0, a0, 29
	fmv.d.x	f29, t0
	addi	t0, a0, 30
	fmv.d.x	f30, t0
	addi	t0, a0, 31
	fmv.d.x	f31, t0
	andi	t0, a0, 0xff
	fscsr	t0
	ret

	.globl hostile_fp_check
hostile_fp_check:
	fmv.x.d	t1, f0
	addi	t0, a0, 0
	li	a1, 1
	bne	t0, t1, 1f
	fmv.x.d	t1, f1
	addi	t0, a0, 1
	li	a1, 2
	bne	t0, t1, 1f
	fmv.x.d	t1, f2
	addi	t0, a0, 2
	li	a1, 3
	bne	t0, t1, 1f
	fmv.x.d	t1, f3
	addi	t0, a0, 3
	li	a1, 4
	bne	t0, t1, 1f
	fmv.x.d	t1, f4
	addi	t0, a0, 4
	li	a1, 5
	bne	t0, t1, 1f
	fmv.x.d	t1, f5
	addi	t0, a0, 5
	li	a1, 6
	bne	t0, t1, 1f
	fmv.x.d	t1, f6
	addi	t0, a0, 6
	li	a1, 7
	bne	t0, t1, 1f
	fmv.x.d	t1, f7
	addi	t0, a0, 7
	li	a1, 8
	bne	t0, t1, 1f
	fmv.x.d	t1, f8
	addi	t0, a0, 8
	li	a1, 9
	bne	t0, t1, 1f
	fmv.x.d	t1, f9
	addi	t0, a0, 9
	li	a1, 10
	bne	t0, t1, 1f
	fmv.x.d	t1, f10
	addi	t0, a0, 10
	li	a1, 11
	bne	t0, t1, 1f
	fmv.x.d	t1, f11
	addi	t0, a0, 11
	li	a1, 12
	bne	t0, t1, 1f
	fmv.x.d	t1, f12
	addi	t0, a0, 12
	li	a1, 13
	bne	t0, t1, 1f
	fmv.x.d	t1, f13
	addi	t0, a0, 13
	li	a1, 14
	bne	t0, t1, 1f
	fmv.x.d	t1, f14
	addi	t0, a0, 14
	li	a1, 15
	bne	t0, t1, 1f
	fmv.x.d	t1, f15
	addi	t0, a0, 15
	li	a1, 16
	bne	t0, t1, 1f
	fmv.x.d	t1, f16
	addi	t0, a0, 16
	li	a1, 17
	bne	t0, t1, 1f
	fmv.x.d	t1, f17
	addi	t0, a0, 17
	li	a1, 18
	bne	t0, t1, 1f
	fmv.x.d	t1, f18
	addi	t0, a0, 18
	li	a1, 19
	bne	t0, t1, 1f
	fmv.x.d	t1, f19
	addi	t0, a0, 19
	li	a1, 20
	bne	t0, t1, 1f
	fmv.x.d	t1, f20
	addi	t0, a0, 20
	li	a1, 21
	bne	t0, t1, 1f
	fmv.x.d	t1, f21
	addi	t0, a0, 21
	li	a1, 22
	bne	t0, t1, 1f
	fmv.x.d	t1, f22
	addi	t0, a0, 22
	li	a1, 23
	bne	t0, t1, 1f
	fmv.x.d	t1, f23
	addi	t0, a0, 23
	li	a1, 24
	bne	t0, t1, 1f
	fmv.x.d	t1, f24
	addi	t0, a0, 24
	li	a1, 25
	bne	t0, t1, 1f
	fmv.x.d	t1, f25
	addi	t0, a0, 25
	li	a1, 26
	bne	t0, t1, 1f
	fmv.x.d	t1, f26
	addi	t0, a0, 26
	li	a1, 27
	bne	t0, t1, 1f
	fmv.x.d	t1, f27
	addi	t0, a0, 27
	li	a1, 28
	bne	t0, t1, 1f
	fmv.x.d	t1, f28
	addi	t0, a0, 28
	li	a1, 29
	bne	t0, t1, 1f
	fmv.x.d	t1, f29
	addi	t0, a0, 29
	li	a1, 30
	bne	t0, t1, 1f
	fmv.x.d	t1, f30
	addi	t0, a0, 30
	li	a1, 31
	bne	t0, t1, 1f
	fmv.x.d	t1, f31
	addi	t0, a0, 31
	li	a1, 32
	bne	t0, t1, 1f
	frcsr	t1
	andi	t0, a0, 0xff
	li	a1, 33
	bne	t0, t1, 1f
	li	a0, 0
	ret
1:	mv	a0, a1
	ret

	.globl hostile_fp_zero_check
hostile_fp_zero_check:
	fmv.x.d	t1, f0
	li	a0, 1
	bnez	t1, 2f
	fmv.x.d	t1, f1
	li	a0, 2
	bnez	t1, 2f
	fmv.x.d	t1, f2
	li	a0, 3
	bnez	t1, 2f
	fmv.x.d	t1, f3
	li	a0, 4
	bnez	t1, 2f
	fmv.x.d	t1, f4
	li	a0, 5
	bnez	t1, 2f
	fmv.x.d	t1, f5
	li	a0, 6
	bnez	t1, 2f
	fmv.x.d	t1, f6
	li	a0, 7
	bnez	t1, 2f
	fmv.x.d	t1, f7
	li	a0, 8
	bnez	t1, 2f
	fmv.x.d	t1, f8
	li	a0, 9
	bnez	t1, 2f
	fmv.x.d	t1, f9
	li	a0, 10
	bnez	t1, 2f
	fmv.x.d	t1, f10
	li	a0, 11
	bnez	t1, 2f
	fmv.x.d	t1, f11
	li	a0, 12
	bnez	t1, 2f
	fmv.x.d	t1, f12
	li	a0, 13
	bnez	t1, 2f
	fmv.x.d	t1, f13
	li	a0, 14
	bnez	t1, 2f
	fmv.x.d	t1, f14
	li	a0, 15
	bnez	t1, 2f
	fmv.x.d	t1, f15
	li	a0, 16
	bnez	t1, 2f
	fmv.x.d	t1, f16
	li	a0, 17
	bnez	t1, 2f
	fmv.x.d	t1, f17
	li	a0, 18
	bnez	t1, 2f
	fmv.x.d	t1, f18
	li	a0, 19
	bnez	t1, 2f
	fmv.x.d	t1, f19
	li	a0, 20
	bnez	t1, 2f
	fmv.x.d	t1, f20
	li	a0, 21
	bnez	t1, 2f
	fmv.x.d	t1, f21
	li	a0, 22
	bnez	t1, 2f
	fmv.x.d	t1, f22
	li	a0, 23
	bnez	t1, 2f
	fmv.x.d	t1, f23
	li	a0, 24
	bnez	t1, 2f
	fmv.x.d	t1, f24
	li	a0, 25
	bnez	t1, 2f
	fmv.x.d	t1, f25
	li	a0, 26
	bnez	t1, 2f
	fmv.x.d	t1, f26
	li	a0, 27
	bnez	t1, 2f
	fmv.x.d	t1, f27
	li	a0, 28
	bnez	t1, 2f
	fmv.x.d	t1, f28
	li	a0, 29
	bnez	t1, 2f
	fmv.x.d	t1, f29
	li	a0, 30
	bnez	t1, 2f
	fmv.x.d	t1, f30
	li	a0, 31
	bnez	t1, 2f
	fmv.x.d	t1, f31
	li	a0, 32
	bnez	t1, 2f
	frcsr	t1
	li	a0, 33
	bnez	t1, 2f
	li	a0, 0
2:	ret
