/* A wire header and a few records that lay out differently per target:
 * hover the names in an editor, or run `npm start`. */
#ifndef PACKET_H
#define PACKET_H

#define MAX_PAYLOAD 64
#define VERSION_BITS 3

enum msg_kind { MSG_PING = 1, MSG_DATA, MSG_BYE = 0x7f };

/* Natural alignment leaves holes: 1 + 3 (pad) + 4 + 1 + 7 (pad) + 8. */
struct sample {
    char tag;
    int count;
    char flag;
    double value;
};

/* `long` is 8 bytes on LP64 Linux and 4 on Windows and 32-bit targets. */
struct file_info {
    long size;
    long mtime;
    unsigned short mode;
};

/* Bit-fields: MSVC starts a new unit when the declared type's size changes. */
struct flags {
    unsigned char version : VERSION_BITS;
    unsigned char urgent : 1;
    unsigned short channel : 9;
    unsigned int sequence : 20;
};

#pragma pack(push, 1)
struct wire_header {
    unsigned char kind;
    unsigned int length;
    unsigned short checksum;
};
#pragma pack(pop)

typedef struct {
    struct wire_header header;
    union {
        unsigned char bytes[MAX_PAYLOAD];
        unsigned int words[MAX_PAYLOAD / sizeof(unsigned int)];
    };
    long double timestamp;
} packet_t;

struct message {
    enum msg_kind kind;
    unsigned int len;
    char body[0]; /* GNU zero-length array: `ffi-lens check --fix` rewrites it to body[] */
};

#endif
