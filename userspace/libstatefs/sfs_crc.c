/*
 * CRC32C (the Castagnoli polynomial, reflected, 0x82f63b78), the checksum on
 * every superblock, record and op of the store. Four bits at a time from a
 * 16-entry table, which keeps the code small and the table in read-only
 * data; the store checksums a few kilobytes per commit.
 */
#include "sfs_internal.h"

static const uint32_t sfs_crc_nibble[16] = {
	0x00000000u, 0x105ec76fu, 0x20bd8edeu, 0x30e349b1u, 0x417b1dbcu, 0x5125dad3u,
	0x61c69362u, 0x7198540du, 0x82f63b78u, 0x92a8fc17u, 0xa24bb5a6u, 0xb21572c9u,
	0xc38d26c4u, 0xd3d3e1abu, 0xe330a81au, 0xf36e6f75u,
};

uint32_t sfs_crc32c(uint32_t crc, const void *data, size_t len)
{
	const uint8_t *p = data;

	crc = ~crc;
	for (size_t i = 0; i < len; i++) {
		crc ^= p[i];
		crc = (crc >> 4) ^ sfs_crc_nibble[crc & 0xfu];
		crc = (crc >> 4) ^ sfs_crc_nibble[crc & 0xfu];
	}
	return ~crc;
}

uint32_t sfs_chain_seed(uint64_t epoch, uint64_t base_seq)
{
	uint8_t bytes[16];

	sfs_put64(bytes, epoch);
	sfs_put64(bytes + 8, base_seq);
	return sfs_crc32c(0, bytes, sizeof(bytes));
}
