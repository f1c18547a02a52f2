/*
 * Flattened device tree reader (see cairn/dtb.h for the contract).
 *
 * The blob is a header, a structure block of 32-bit big-endian tokens
 * (BEGIN_NODE name, PROP len nameoff data, END_NODE, NOP, END) and a strings
 * block holding property names. The reader validates the header, then walks
 * the structure block once, keeping a stack of open nodes. A node's
 * properties may come in any order, so what a node means (a memory range, an
 * enabled hart) is decided when the node closes; by then its parent's
 * #address-cells and #size-cells are known, because properties precede
 * child nodes. Every read is checked against the block it belongs to.
 */
#include "cairn/dtb.h"

#include "cairn/error.h"

enum {
	DTB_MAGIC = 0xd00dfeed,
	DTB_VERSION = 17, /* the format this reader understands */
	DTB_TOKEN_BEGIN_NODE = 1,
	DTB_TOKEN_END_NODE = 2,
	DTB_TOKEN_PROP = 3,
	DTB_TOKEN_NOP = 4,
	DTB_TOKEN_END = 9
};

/* Byte offsets of the header fields. */
enum {
	DTB_HDR_MAGIC = 0,
	DTB_HDR_TOTALSIZE = 4,
	DTB_HDR_OFF_STRUCT = 8,
	DTB_HDR_OFF_STRINGS = 12,
	DTB_HDR_VERSION = 20,
	DTB_HDR_LAST_COMP = 24,
	DTB_HDR_SIZE_STRINGS = 32,
	DTB_HDR_SIZE_STRUCT = 36
};

/* The validated bounds of one blob. */
struct dtb_blob {
	const uint8_t *base;
	size_t struct_off; /* first token */
	size_t struct_end; /* one past the last byte of the structure block */
	size_t strings_off;
	size_t strings_size;
};

enum dtb_node_kind { DTB_NODE_OTHER, DTB_NODE_CPUS, DTB_NODE_CHOSEN };

/* One open node: what its properties said so far. */
struct dtb_node {
	enum dtb_node_kind kind;
	uint32_t addr_cells; /* for its children's reg */
	uint32_t size_cells;
	bool is_memory;
	bool is_cpu;
	bool enabled;
	bool sstc;	       /* a cpu node whose ISA names the Sstc extension */
	uint32_t device_class; /* enum cairn_device_class, from compatible */
	bool identity_ranges;  /* an empty `ranges`: its children's addresses are the parent's */
	const uint8_t *reg;
	size_t reg_len;
	const uint8_t *irqs; /* interrupts */
	size_t irqs_len;
};

struct dtb_walk {
	struct dtb_blob blob;
	struct dtb_node stack[DTB_MAX_DEPTH];
	size_t depth; /* open nodes */
	bool seen_root;
	struct dtb_info *info;
};

static uint32_t dtb_be32(const uint8_t *p)
{
	return ((uint32_t)p[0] << 24) | ((uint32_t)p[1] << 16) | ((uint32_t)p[2] << 8) | p[3];
}

/* A big-endian value of `cells` (1 or 2) 32-bit cells. */
static uint64_t dtb_cells(const uint8_t *p, uint32_t cells)
{
	uint64_t v = dtb_be32(p);

	if (cells == 2)
		v = (v << 32) | dtb_be32(p + 4);
	return v;
}

static size_t dtb_align4(size_t n)
{
	return (n + 3) & ~(size_t)3;
}

/* True if [off, off + size) lies inside [0, limit), computed without overflow. */
static bool dtb_block_fits(size_t off, size_t size, size_t limit)
{
	return off <= limit && size <= limit - off;
}

/* The length of the NUL-terminated string at p, if its NUL is within max bytes. */
static bool dtb_strnlen(const uint8_t *p, size_t max, size_t *ret_len)
{
	for (size_t i = 0; i < max; i++) {
		if (p[i] == '\0') {
			*ret_len = i;
			return true;
		}
	}
	return false;
}

/* True if the `len` bytes at p are exactly the string `lit` and its NUL. */
static bool dtb_bytes_are(const uint8_t *p, size_t len, const char *lit)
{
	size_t i = 0;

	for (; lit[i] != '\0'; i++) {
		if (i >= len || p[i] != (uint8_t)lit[i])
			return false;
	}
	return len == i + 1 && p[i] == '\0';
}

/* True if a property value is a string: it ends with its NUL. */
static bool dtb_is_string(const uint8_t *p, size_t len)
{
	return len > 0 && p[len - 1] == '\0';
}

int dtb_total_size(const void *blob, size_t *ret_size)
{
	const uint8_t *b = blob;
	size_t total = dtb_be32(b + DTB_HDR_TOTALSIZE);

	if (dtb_be32(b + DTB_HDR_MAGIC) != DTB_MAGIC)
		return ERR_INVAL;
	if (dtb_be32(b + DTB_HDR_VERSION) < DTB_VERSION ||
	    dtb_be32(b + DTB_HDR_LAST_COMP) > DTB_VERSION)
		return ERR_VERSION;
	if (total < DTB_HEADER_SIZE || total > DTB_MAX_BLOB_SIZE)
		return ERR_RANGE;
	*ret_size = total;
	return 0;
}

static int dtb_read_header(const uint8_t *b, size_t blob_size, struct dtb_blob *ret_blob)
{
	if (blob_size < DTB_HEADER_SIZE)
		return ERR_RANGE;
	if (dtb_be32(b + DTB_HDR_MAGIC) != DTB_MAGIC)
		return ERR_INVAL;
	if (dtb_be32(b + DTB_HDR_VERSION) < DTB_VERSION ||
	    dtb_be32(b + DTB_HDR_LAST_COMP) > DTB_VERSION)
		return ERR_VERSION;

	size_t total = dtb_be32(b + DTB_HDR_TOTALSIZE);
	size_t struct_off = dtb_be32(b + DTB_HDR_OFF_STRUCT);
	size_t struct_size = dtb_be32(b + DTB_HDR_SIZE_STRUCT);
	size_t strings_off = dtb_be32(b + DTB_HDR_OFF_STRINGS);
	size_t strings_size = dtb_be32(b + DTB_HDR_SIZE_STRINGS);

	if (total < DTB_HEADER_SIZE || total > blob_size)
		return ERR_RANGE;
	if (struct_off < DTB_HEADER_SIZE || !dtb_block_fits(struct_off, struct_size, total))
		return ERR_RANGE;
	if (strings_off < DTB_HEADER_SIZE || !dtb_block_fits(strings_off, strings_size, total))
		return ERR_RANGE;
	if (struct_off % 4 != 0)
		return ERR_INVAL;
	*ret_blob = (struct dtb_blob){
		.base = b,
		.struct_off = struct_off,
		.struct_end = struct_off + struct_size,
		.strings_off = strings_off,
		.strings_size = strings_size,
	};
	return 0;
}

/* Read the token-sized word at *off in the structure block and step past it. */
static int dtb_next_u32(const struct dtb_blob *blob, size_t *off, uint32_t *ret_value)
{
	if (!dtb_block_fits(*off, 4, blob->struct_end))
		return ERR_RANGE;
	*ret_value = dtb_be32(blob->base + *off);
	*off += 4;
	return 0;
}

/* Append every (base, size) pair of a memory node's reg. */
static int dtb_add_memory(struct dtb_info *info, const struct dtb_node *parent,
			  const struct dtb_node *node)
{
	uint32_t ac = parent->addr_cells;
	uint32_t sc = parent->size_cells;

	if (node->reg == NULL || ac < 1 || ac > 2 || sc < 1 || sc > 2)
		return ERR_INVAL;
	size_t entry = (size_t)(ac + sc) * 4;
	if (node->reg_len % entry != 0)
		return ERR_INVAL;
	for (size_t off = 0; off < node->reg_len; off += entry) {
		uint64_t base = dtb_cells(node->reg + off, ac);
		uint64_t size = dtb_cells(node->reg + off + (size_t)ac * 4, sc);

		if (size == 0)
			continue;
		if (base + size < base || info->mem_total + size < info->mem_total)
			return ERR_RANGE;
		if (info->mem_count == DTB_MAX_MEM_RANGES)
			return ERR_NOSPC;
		info->mem[info->mem_count++] = (struct dtb_range){.base = base, .size = size};
		info->mem_total += size;
	}
	return 0;
}

/* Append an enabled cpu node's hart id: the first address in its reg. */
static int dtb_add_hart(struct dtb_info *info, const struct dtb_node *cpus,
			const struct dtb_node *node)
{
	uint32_t ac = cpus->addr_cells;

	if (node->reg == NULL || ac < 1 || ac > 2 || node->reg_len < (size_t)ac * 4)
		return ERR_INVAL;
	uint64_t hartid = dtb_cells(node->reg, ac);
	if (dtb_has_hart(info, hartid))
		return ERR_INVAL;
	if (info->hart_count == DTB_MAX_HARTS)
		return ERR_NOSPC;
	info->harts[info->hart_count++] = hartid;
	return 0;
}

/*
 * Append a device node: the first (base, size) of its reg, read with its
 * parent's cells, and the first cell of its interrupts. A node the kernel
 * cannot place (no usable reg, or a parent bus that translates addresses or
 * is not the root) and every node past the limit are only counted: one odd
 * device must not stop the boot.
 */
static void dtb_add_device(struct dtb_info *info, const struct dtb_node *parent,
			   const struct dtb_node *node, bool parent_is_root)
{
	uint32_t ac = parent->addr_cells;
	uint32_t sc = parent->size_cells;

	if (node->reg == NULL || ac < 1 || ac > 2 || sc < 1 || sc > 2 ||
	    node->reg_len < (size_t)(ac + sc) * 4 ||
	    (!parent_is_root && !parent->identity_ranges) ||
	    info->device_count == CAIRN_DEVICES_MAX) {
		info->devices_dropped++;
		return;
	}
	info->devices[info->device_count++] = (struct dtb_device){
		.base = dtb_cells(node->reg, ac),
		.size = dtb_cells(node->reg + (size_t)ac * 4, sc),
		.device_class = node->device_class,
		.irq = node->irqs_len >= 4 ? dtb_be32(node->irqs) : 0,
	};
}

static int dtb_begin_node(struct dtb_walk *w, size_t *off)
{
	const struct dtb_blob *blob = &w->blob;
	size_t len;

	if (!dtb_strnlen(blob->base + *off, blob->struct_end - *off, &len))
		return ERR_INVAL;
	if (w->depth == 0 && w->seen_root)
		return ERR_INVAL;
	if (w->depth == DTB_MAX_DEPTH)
		return ERR_NOSPC;

	const uint8_t *name = blob->base + *off;
	enum dtb_node_kind kind = DTB_NODE_OTHER;
	if (w->depth == 1 && dtb_bytes_are(name, len + 1, "cpus"))
		kind = DTB_NODE_CPUS;
	else if (w->depth == 1 && dtb_bytes_are(name, len + 1, "chosen"))
		kind = DTB_NODE_CHOSEN;
	/* A node under a disabled one is disabled too. */
	bool enabled = w->depth == 0 || w->stack[w->depth - 1].enabled;
	w->stack[w->depth++] = (struct dtb_node){
		.kind = kind, .addr_cells = 2, .size_cells = 1, .enabled = enabled};
	w->seen_root = true;
	*off = dtb_align4(*off + len + 1);
	return 0;
}

static int dtb_end_node(struct dtb_walk *w)
{
	if (w->depth == 0)
		return ERR_INVAL;
	const struct dtb_node *node = &w->stack[--w->depth];
	if (w->depth == 0)
		return 0;
	const struct dtb_node *parent = &w->stack[w->depth - 1];
	if (node->is_memory) {
		int err = dtb_add_memory(w->info, parent, node);
		if (err != 0)
			return err;
	}
	if (node->device_class != CAIRN_DEVICE_NONE && node->enabled) {
		dtb_add_device(w->info, parent, node, w->depth == 1);
		return 0;
	}
	if (parent->kind == DTB_NODE_CPUS && node->is_cpu && node->enabled) {
		int err = dtb_add_hart(w->info, parent, node);

		if (err == 0 && node->sstc)
			w->info->sstc_harts++;
		return err;
	}
	return 0;
}

/* Whether the NUL-separated string list data[0..len) holds `want` (case as written). */
static bool dtb_list_has(const uint8_t *data, size_t len, const char *want)
{
	size_t start = 0;

	for (size_t i = 0; i < len; i++) {
		if (data[i] != '\0')
			continue;
		if (dtb_bytes_are(data + start, i - start + 1, want))
			return true;
		start = i + 1;
	}
	return false;
}

/* The class a compatible list names, if one the kernel hands out. */
static uint32_t dtb_device_class(const uint8_t *data, size_t len)
{
	if (dtb_list_has(data, len, "ns16550a"))
		return CAIRN_DEVICE_UART_16550;
	if (dtb_list_has(data, len, "virtio,mmio"))
		return CAIRN_DEVICE_VIRTIO_MMIO;
	if (dtb_list_has(data, len, "google,goldfish-rtc"))
		return CAIRN_DEVICE_GOLDFISH_RTC;
	return CAIRN_DEVICE_NONE;
}

static char dtb_lower(char c)
{
	return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
}

bool dtb_isa_has_extension(const char *isa, size_t len, const char *ext)
{
	size_t start = 0;

	for (size_t i = 0; i <= len; i++) {
		if (i < len && isa[i] != '_')
			continue;
		size_t n = 0;

		while (start + n < i && ext[n] != '\0' && dtb_lower(isa[start + n]) == ext[n])
			n++;
		if (start > 0 && start + n == i && ext[n] == '\0')
			return true; /* a whole token after the first, the base ISA */
		start = i + 1;
	}
	return false;
}

static int dtb_read_cells_prop(const uint8_t *data, size_t len, uint32_t *ret_cells)
{
	if (len != 4)
		return ERR_INVAL;
	*ret_cells = dtb_be32(data);
	return 0;
}

static int dtb_chosen_prop(struct dtb_info *info, const uint8_t *name, size_t name_len,
			   const uint8_t *data, size_t len)
{
	if (!dtb_bytes_are(name, name_len + 1, "bootargs"))
		return 0;
	if (!dtb_is_string(data, len))
		return ERR_INVAL;
	if (len > DTB_BOOTARGS_MAX)
		return ERR_TOOLONG;
	for (size_t i = 0; i < len; i++)
		info->bootargs[i] = (char)data[i];
	info->has_bootargs = true;
	return 0;
}

static int dtb_cpus_prop(struct dtb_info *info, const uint8_t *name, size_t name_len,
			 const uint8_t *data, size_t len)
{
	if (!dtb_bytes_are(name, name_len + 1, "timebase-frequency"))
		return 0;
	if (len != 4 && len != 8)
		return ERR_INVAL;
	info->timebase_hz = dtb_cells(data, (uint32_t)(len / 4));
	return 0;
}

/* Record what one property says about the innermost open node. */
static int dtb_node_prop(struct dtb_walk *w, const uint8_t *name, size_t name_len,
			 const uint8_t *data, size_t len)
{
	struct dtb_node *node = &w->stack[w->depth - 1];

	if (dtb_bytes_are(name, name_len + 1, "#address-cells"))
		return dtb_read_cells_prop(data, len, &node->addr_cells);
	if (dtb_bytes_are(name, name_len + 1, "#size-cells"))
		return dtb_read_cells_prop(data, len, &node->size_cells);
	if (dtb_bytes_are(name, name_len + 1, "reg")) {
		node->reg = data;
		node->reg_len = len;
		return 0;
	}
	if (dtb_bytes_are(name, name_len + 1, "device_type")) {
		if (!dtb_is_string(data, len))
			return ERR_INVAL;
		node->is_memory = dtb_bytes_are(data, len, "memory");
		node->is_cpu = dtb_bytes_are(data, len, "cpu");
		return 0;
	}
	if (dtb_bytes_are(name, name_len + 1, "status")) {
		if (!dtb_is_string(data, len))
			return ERR_INVAL;
		node->enabled = node->enabled && dtb_bytes_are(data, len, "okay");
		return 0;
	}
	if (dtb_bytes_are(name, name_len + 1, "ranges")) {
		node->identity_ranges = len == 0;
		return 0;
	}
	if (dtb_bytes_are(name, name_len + 1, "riscv,isa")) {
		if (!dtb_is_string(data, len))
			return ERR_INVAL;
		node->sstc =
			node->sstc || dtb_isa_has_extension((const char *)data, len - 1, "sstc");
		return 0;
	}
	if (dtb_bytes_are(name, name_len + 1, "compatible")) {
		node->device_class = dtb_device_class(data, len);
		return 0;
	}
	if (dtb_bytes_are(name, name_len + 1, "interrupts")) {
		node->irqs = data;
		node->irqs_len = len;
		return 0;
	}
	if (dtb_bytes_are(name, name_len + 1, "riscv,isa-extensions")) {
		node->sstc = node->sstc || dtb_list_has(data, len, "sstc");
		return 0;
	}
	if (node->kind == DTB_NODE_CPUS)
		return dtb_cpus_prop(w->info, name, name_len, data, len);
	if (node->kind == DTB_NODE_CHOSEN)
		return dtb_chosen_prop(w->info, name, name_len, data, len);
	return 0;
}

static int dtb_prop(struct dtb_walk *w, size_t *off)
{
	const struct dtb_blob *blob = &w->blob;
	uint32_t len;
	uint32_t nameoff;
	size_t name_len;
	int err;

	if ((err = dtb_next_u32(blob, off, &len)) != 0 ||
	    (err = dtb_next_u32(blob, off, &nameoff)) != 0)
		return err;
	if (w->depth == 0)
		return ERR_INVAL;
	if (!dtb_block_fits(*off, dtb_align4(len), blob->struct_end))
		return ERR_RANGE;
	if (nameoff >= blob->strings_size)
		return ERR_RANGE;

	const uint8_t *name = blob->base + blob->strings_off + nameoff;
	if (!dtb_strnlen(name, blob->strings_size - nameoff, &name_len))
		return ERR_INVAL;
	const uint8_t *data = blob->base + *off;
	*off += dtb_align4(len);
	return dtb_node_prop(w, name, name_len, data, len);
}

/* Walk the structure block from its first token to END. */
static int dtb_walk_struct(struct dtb_walk *w)
{
	size_t off = w->blob.struct_off;

	for (;;) {
		uint32_t token;
		int err = dtb_next_u32(&w->blob, &off, &token);

		if (err != 0)
			return err;
		switch (token) {
		case DTB_TOKEN_BEGIN_NODE:
			err = dtb_begin_node(w, &off);
			break;
		case DTB_TOKEN_END_NODE:
			err = dtb_end_node(w);
			break;
		case DTB_TOKEN_PROP:
			err = dtb_prop(w, &off);
			break;
		case DTB_TOKEN_NOP:
			break;
		case DTB_TOKEN_END:
			return w->depth == 0 && w->seen_root ? 0 : ERR_INVAL;
		default:
			return ERR_INVAL;
		}
		if (err != 0)
			return err;
	}
}

int dtb_parse(const void *blob, size_t blob_size, struct dtb_info *ret_info)
{
	struct dtb_info info = {0};
	struct dtb_walk walk = {.info = &info};
	int err;

	if (blob == NULL)
		return ERR_INVAL;
	if ((err = dtb_read_header(blob, blob_size, &walk.blob)) != 0)
		return err;
	if ((err = dtb_walk_struct(&walk)) != 0)
		return err;
	*ret_info = info;
	return 0;
}

bool dtb_has_hart(const struct dtb_info *info, uint64_t hartid)
{
	for (size_t i = 0; i < info->hart_count; i++) {
		if (info->harts[i] == hartid)
			return true;
	}
	return false;
}
