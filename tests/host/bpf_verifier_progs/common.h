/* Programs for the verifier suite, compiled with clang -target bpf: the
 * code a compiler makes, not hand-written. The context is 64 read-only
 * bytes; everything is in section "prog" so local calls need no
 * relocation. */
typedef unsigned long u64;
typedef unsigned int u32;
typedef unsigned short u16;
typedef unsigned char u8;
#define SEC __attribute__((section("prog")))
#define CTX_SIZE 64
