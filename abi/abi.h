/*
 * The Linux ABI of a guest arch as data (generated into abi/<arch>/ by
 * abi/gen/gen_abi.py from the real kernel headers), and the one engine
 * that converts structs and constants between guest and host with it.
 * Used by syscalls/ (argument and result conversion, -strace names),
 * procfs/ and the tests.
 */
#ifndef XEMU_ABI_ABI_H
#define XEMU_ABI_ABI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "abi/abi_ids.h"

enum abi_field_kind { ABI_F_INT, ABI_F_UINT, ABI_F_BYTES };

/* One struct member: where it lives and how wide it is on each side. */
struct abi_field {
    const char *name;
    uint16_t goff, gsize, hoff, hsize;
    uint8_t kind;               /* enum abi_field_kind: how to widen/narrow */
};

struct abi_layout {
    const char *name;
    uint32_t gsize, hsize;
    bool same;                  /* byte-identical on both sides: no conversion */
    uint32_t nfields;
    const struct abi_field *fields;
};

/* One named constant; has_g/has_h say whether the side defines it. */
struct abi_const {
    const char *name;
    int64_t g, h;
    uint8_t has_g, has_h;
};

struct abi_map {
    const char *name;
    bool flags;                 /* bit set (else enumeration) */
    bool same;                  /* every value equal on both sides */
    uint32_t n;
    const struct abi_const *c;
};

struct abi_desc {
    const char *arch;
    uint32_t nr_count;
    const char *const *syscall_names;   /* by guest nr; NULL holes */
    const struct abi_layout *layouts;   /* [ABI_L_COUNT] */
    const struct abi_map *maps;         /* [ABI_M_COUNT] */
};

extern const struct abi_desc abi_aarch64;
/* The running guest's ABI (abi_aarch64 until a second arch exists). */
extern const struct abi_desc *abi;

enum abi_dir { ABI_G2H, ABI_H2G };

static inline const struct abi_layout *abi_layout(enum abi_layout_id id)
{
    return &abi->layouts[id];
}
static inline const struct abi_map *abi_map(enum abi_map_id id)
{
    return &abi->maps[id];
}
/* Size of the struct on the source/destination side of a conversion. */
static inline size_t abi_size(enum abi_layout_id id, bool guest)
{
    return guest ? abi->layouts[id].gsize : abi->layouts[id].hsize;
}

/* Convert one struct: dst gets the layout's dst-side size (zero padding,
 * members widened or narrowed by their signedness, byte arrays copied). */
void abi_conv(const struct abi_layout *l, enum abi_dir dir, void *dst, const void *src);
/* Same for an array of n structs. */
void abi_conv_array(const struct abi_layout *l, enum abi_dir dir, void *dst,
                    const void *src, size_t n);

/* Translate a bit set or a value.  Bits or values without a counterpart
 * on the other side pass unchanged (the kernel rejects what it does not
 * know), except bits the destination side does not define at all, which
 * are dropped. */
uint64_t abi_flags(const struct abi_map *m, enum abi_dir dir, uint64_t v);
int64_t abi_value(const struct abi_map *m, enum abi_dir dir, int64_t v);
/* Convenience for the common maps. */
static inline uint64_t abi_flags_g2h(enum abi_map_id id, uint64_t v)
{
    return abi_flags(abi_map(id), ABI_G2H, v);
}
static inline uint64_t abi_flags_h2g(enum abi_map_id id, uint64_t v)
{
    return abi_flags(abi_map(id), ABI_H2G, v);
}
static inline int64_t abi_value_g2h(enum abi_map_id id, int64_t v)
{
    return abi_value(abi_map(id), ABI_G2H, v);
}
static inline int64_t abi_value_h2g(enum abi_map_id id, int64_t v)
{
    return abi_value(abi_map(id), ABI_H2G, v);
}
/* Host errno -> guest errno (positive). */
static inline int abi_errno_h2g(int e)
{
    return (int)abi_value(abi_map(ABI_M_errno), ABI_H2G, e);
}

/* Guest-side name of a value (NULL if unknown), for -strace. */
const char *abi_value_name(const struct abi_map *m, int64_t guest_v);
/* Guest flags as "A|B|0x40" into buf (returns buf). */
char *abi_flags_str(const struct abi_map *m, uint64_t guest_v, char *buf, size_t len);

#endif
