/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* sparql/lexer.h - splits SPARQL 1.1 text into tokens (the grammar's
 * terminals, section 19.8). Private to the SPARQL front end.
 *
 * The lexer knows no keywords: SELECT, a, true and GROUP_CONCAT are all
 * KG_TOK_WORD tokens, which the parser compares case-insensitively. It
 * processes escapes (ECHAR and \u/\U in strings and IRIs, PN_LOCAL_ESC in
 * local names) into the arena it is given; token values otherwise point into
 * the text. Positions are byte offsets; kg_lexer_position turns them into
 * 1-based lines and character columns. */
#ifndef KG_SPARQL_LEXER_H
#define KG_SPARQL_LEXER_H

#include <stdbool.h>
#include <stddef.h>

#include "util/arena.h"

typedef enum kg_tok {
    KG_TOK_EOF,
    KG_TOK_IRI,      /* <...>: val is the IRI, escapes processed */
    KG_TOK_PNAME_NS, /* prefix: (prefix_len bytes at text+offset) */
    KG_TOK_PNAME_LN, /* prefix:local: val is the local part, escapes processed */
    KG_TOK_BNODE,    /* _:label: val is the label */
    KG_TOK_VAR,      /* ?x or $x: val is the name */
    KG_TOK_LANGTAG,  /* @en-GB: val without the '@' */
    KG_TOK_INTEGER,  /* val is the text, with its sign if any */
    KG_TOK_DECIMAL,
    KG_TOK_DOUBLE,
    KG_TOK_STRING,   /* any of the four quote forms: val is the content */
    KG_TOK_WORD,     /* [A-Za-z_][A-Za-z0-9_]*: a keyword or 'a' */
    KG_TOK_NIL,      /* ( ) */
    KG_TOK_ANON,     /* [ ] */
    KG_TOK_LBRACE, KG_TOK_RBRACE, KG_TOK_LPAREN, KG_TOK_RPAREN, KG_TOK_LBRACKET,
    KG_TOK_RBRACKET, KG_TOK_DOT, KG_TOK_COMMA, KG_TOK_SEMI, KG_TOK_STAR, KG_TOK_SLASH,
    KG_TOK_PIPE, KG_TOK_CARET, KG_TOK_DCARET, KG_TOK_BANG, KG_TOK_NE, KG_TOK_EQ,
    KG_TOK_LT, KG_TOK_GT, KG_TOK_LE, KG_TOK_GE, KG_TOK_AND, KG_TOK_OR, KG_TOK_PLUS,
    KG_TOK_MINUS, KG_TOK_QUESTION,
} kg_tok;

/* A place in the text: byte offset and 1-based line and character column. */
typedef struct kg_srcpos {
    size_t offset;
    unsigned long line, column;
} kg_srcpos;

typedef struct kg_token {
    kg_tok kind;
    size_t offset, end; /* byte range of the token in the text */
    unsigned long line, column; /* of offset */
    const char *val;    /* see kg_tok; not NUL-terminated */
    size_t val_len;
    size_t prefix_len;  /* PNAME_NS, PNAME_LN: bytes of the prefix */
} kg_token;

typedef struct kg_lexer {
    const char *text;
    size_t len;
    size_t pos;
    kg_arena *arena;
    char error[256];     /* the message of the last failed kg_lexer_next */
    size_t error_offset; /* and where in the text */
    size_t cache_offset; /* kg_lexer_position's last answer, to keep it linear */
    unsigned long cache_line, cache_column;
} kg_lexer;

/* text must stay valid and be valid UTF-8 (see kg_lexer_check_utf8). */
void kg_lexer_init(kg_lexer *lx, const char *text, size_t len, kg_arena *arena);

/* Reads the next token. False on a lexical error (lx->error, error_offset)
 * or when the arena is out of memory (error_offset == SIZE_MAX). */
bool kg_lexer_next(kg_lexer *lx, kg_token *tok);

/* 1-based line and column (in characters) of a byte offset. Linear over a
 * sequence of increasing offsets. */
void kg_lexer_position(kg_lexer *lx, size_t offset, unsigned long *line, unsigned long *column);

/* True when s is valid UTF-8 (no overlongs, surrogates or values past
 * U+10FFFF); otherwise *bad is the offset of the first bad byte. */
bool kg_lexer_check_utf8(const char *s, size_t len, size_t *bad);

#endif
