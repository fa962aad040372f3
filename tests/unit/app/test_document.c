/* test_document.c: the pure parts of app/document.c: the content sniffer (every accepted type
 * is recognised by its bytes; renamed executables, markup, random or hostile archives, macro
 * documents, other OLE2 files and empty input are refused) and the display-name cleaner. The
 * sample files are built here byte by byte (no fixtures on disk), small and fictional. */
#include "core/common.h"

#include <criterion/criterion.h>

#include "app/document.h"

#define T_DOCX "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
#define T_XLSX "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
#define T_PPTX "application/vnd.openxmlformats-officedocument.presentationml.presentation"
#define T_ODT "application/vnd.oasis.opendocument.text"
#define T_ODS "application/vnd.oasis.opendocument.spreadsheet"

/* ---- a tiny ZIP writer (stored entries) ------------------------------------------------------ */

struct zent {
    const char *name;
    const char *data;
    uint32_t usize_claim; /* 0: the real size; else the uncompressed size the directory claims */
    bool symlink;
    bool encrypted;
};

struct blob {
    uint8_t p[16384];
    size_t n;
};

static void put(struct blob *b, const void *p, size_t n)
{
    cr_assert_lt(b->n + n, sizeof(b->p));
    memcpy(b->p + b->n, p, n);
    b->n += n;
}

static void put16(struct blob *b, uint32_t v)
{
    uint8_t x[2] = {(uint8_t)v, (uint8_t)(v >> 8)};
    put(b, x, 2);
}

static void put32(struct blob *b, uint32_t v)
{
    uint8_t x[4] = {(uint8_t)v, (uint8_t)(v >> 8), (uint8_t)(v >> 16), (uint8_t)(v >> 24)};
    put(b, x, 4);
}

static void zip(struct blob *b, const struct zent *e, size_t n)
{
    uint32_t offs[16];
    cr_assert_leq(n, 16);
    b->n = 0;
    for (size_t i = 0; i < n; i++) {
        size_t nl = strlen(e[i].name), dl = strlen(e[i].data);
        offs[i] = (uint32_t)b->n;
        put(b, "PK\x03\x04", 4);
        put16(b, 20);
        put16(b, e[i].encrypted ? 1 : 0);
        put16(b, 0); /* stored */
        put16(b, 0);
        put16(b, 0);
        put32(b, 0); /* crc: not checked by the sniffer */
        put32(b, (uint32_t)dl);
        put32(b, (uint32_t)dl);
        put16(b, (uint32_t)nl);
        put16(b, 0);
        put(b, e[i].name, nl);
        put(b, e[i].data, dl);
    }
    uint32_t cd = (uint32_t)b->n;
    for (size_t i = 0; i < n; i++) {
        size_t nl = strlen(e[i].name), dl = strlen(e[i].data);
        put(b, "PK\x01\x02", 4);
        put16(b, e[i].symlink ? 0x0314 : 20); /* made by: unix for the symlink */
        put16(b, 20);
        put16(b, e[i].encrypted ? 1 : 0);
        put16(b, 0);
        put16(b, 0);
        put16(b, 0);
        put32(b, 0);
        put32(b, (uint32_t)dl);
        put32(b, e[i].usize_claim ? e[i].usize_claim : (uint32_t)dl);
        put16(b, (uint32_t)nl);
        put16(b, 0);
        put16(b, 0);
        put16(b, 0);
        put16(b, 0);
        put32(b, e[i].symlink ? 0120777u << 16 : 0);
        put32(b, offs[i]);
        put(b, e[i].name, nl);
    }
    uint32_t cdn = (uint32_t)b->n - cd;
    put(b, "PK\x05\x06", 4);
    put16(b, 0);
    put16(b, 0);
    put16(b, (uint32_t)n);
    put16(b, (uint32_t)n);
    put32(b, cdn);
    put32(b, cd);
    put16(b, 0);
}

static const char *sniff_zip(const struct zent *e, size_t n)
{
    static struct blob b;
    zip(&b, e, n);
    return document_sniff(b.p, b.n);
}

#define CT "[Content_Types].xml"
#define XML "<?xml version=\"1.0\"?><Types/>"

/* ---- a tiny OLE2 compound file: header, one FAT sector, one directory sector ----------------- */

static void ole_name(uint8_t *de, const char *name, uint8_t type)
{
    size_t n = strlen(name);
    for (size_t i = 0; i < n; i++)
        de[2 * i] = (uint8_t)name[i];
    de[64] = (uint8_t)((n + 1) * 2);
    de[66] = type;
}

static size_t ole(uint8_t *p, const char *stream, uint8_t type, const char *storage)
{
    memset(p, 0, 512 * 3);
    memcpy(p, "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8);
    p[24] = 0x3E;
    p[26] = 3;
    p[28] = 0xFE;
    p[29] = 0xFF;
    p[30] = 9; /* 512-byte sectors */
    p[32] = 6;
    p[44] = 1; /* one FAT sector */
    p[48] = 1; /* the directory starts in sector 1 */
    memset(p + 60, 0xFF, 4);
    memset(p + 68, 0xFF, 4);
    memset(p + 76, 0xFF, 512 - 76);
    memset(p + 76, 0, 4); /* FAT sector 0 */
    uint8_t *fat = p + 512;
    memset(fat, 0xFF, 512);
    memcpy(fat, "\xFD\xFF\xFF\xFF", 4);     /* sector 0: FAT */
    memcpy(fat + 4, "\xFE\xFF\xFF\xFF", 4); /* sector 1: end of the directory chain */
    uint8_t *dir = p + 1024;
    ole_name(dir, "Root Entry", 5);
    if (stream)
        ole_name(dir + 128, stream, type);
    if (storage)
        ole_name(dir + 256, storage, 1);
    return 512 * 3;
}

/* ---- accepted types -------------------------------------------------------------------------- */

static const char *sniff_str(const char *s)
{
    return document_sniff(s, strlen(s));
}

Test(sniff, pdf)
{
    static const char pdf[] = "%PDF-1.7\n1 0 obj\n<< /Type /Catalog >>\nendobj\n%%EOF\n";
    cr_expect_str_eq(sniff_str(pdf), "application/pdf");
    cr_expect_null(sniff_str("%PDF-"), "a bare header is not a PDF");
}

Test(sniff, images)
{
    static const uint8_t png[] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n',
                                  0,    0,   0,   13,  'I',  'H',  'D',  'R'};
    static const uint8_t jpeg[] = {0xFF, 0xD8, 0xFF, 0xE0, 0, 16, 'J', 'F', 'I', 'F', 0};
    static const uint8_t gif[] = {'G', 'I', 'F', '8', '9', 'a', 1, 0, 1, 0, 0, 0, 0};
    static const uint8_t webp[] = {'R', 'I', 'F', 'F', 30,  0,   0, 0, 'W', 'E',
                                   'B', 'P', 'V', 'P', '8', ' ', 0, 0, 0,   0};
    static const uint8_t wav[] = {'R', 'I', 'F', 'F', 30,  0,   0, 0, 'W', 'A',
                                  'V', 'E', 'f', 'm', 't', ' ', 0, 0, 0,   0};
    cr_expect_str_eq(document_sniff(png, sizeof(png)), "image/png");
    cr_expect_str_eq(document_sniff(jpeg, sizeof(jpeg)), "image/jpeg");
    cr_expect_str_eq(document_sniff(gif, sizeof(gif)), "image/gif");
    cr_expect_str_eq(document_sniff(webp, sizeof(webp)), "image/webp");
    cr_expect_null(document_sniff(wav, sizeof(wav)), "a RIFF that is not WebP");
}

Test(sniff, ooxml_by_parts)
{
    struct zent docx[] = {{CT, XML, 0, false, false},
                          {"_rels/.rels", "<Relationships/>", 0, false, false},
                          {"word/document.xml", "<w:document/>", 0, false, false}};
    struct zent xlsx[] = {{CT, XML, 0, false, false},
                          {"xl/workbook.xml", "<workbook/>", 0, false, false}};
    struct zent pptx[] = {{CT, XML, 0, false, false},
                          {"ppt/presentation.xml", "<p:presentation/>", 0, false, false}};
    cr_expect_str_eq(sniff_zip(docx, 3), T_DOCX);
    cr_expect_str_eq(sniff_zip(xlsx, 2), T_XLSX);
    cr_expect_str_eq(sniff_zip(pptx, 2), T_PPTX);
}

Test(sniff, odf_by_mimetype_entry)
{
    struct zent odt[] = {{"mimetype", T_ODT, 0, false, false},
                         {"content.xml", "<office:document-content/>", 0, false, false},
                         {"META-INF/manifest.xml", "<manifest/>", 0, false, false}};
    struct zent ods[] = {{"mimetype", T_ODS, 0, false, false},
                         {"content.xml", "<x/>", 0, false, false}};
    struct zent odg[] = {
        {"mimetype", "application/vnd.oasis.opendocument.graphics", 0, false, false},
        {"content.xml", "<x/>", 0, false, false}};
    struct zent late[] = {{"content.xml", "<x/>", 0, false, false},
                          {"mimetype", T_ODT, 0, false, false}};
    cr_expect_str_eq(sniff_zip(odt, 3), T_ODT);
    cr_expect_str_eq(sniff_zip(ods, 2), T_ODS);
    cr_expect_null(sniff_zip(odg, 2), "only text, spreadsheet and presentation are accepted");
    cr_expect_null(sniff_zip(late, 2), "the mimetype entry must come first");
}

Test(sniff, legacy_word_and_excel)
{
    static uint8_t p[512 * 3];
    size_t n = ole(p, "WordDocument", 2, NULL);
    cr_expect_str_eq(document_sniff(p, n), "application/msword");
    n = ole(p, "Workbook", 2, NULL);
    cr_expect_str_eq(document_sniff(p, n), "application/vnd.ms-excel");
}

Test(sniff, plain_text)
{
    cr_expect_str_eq(sniff_str("Fictieve notitie.\nTweede regel, met één accent.\r\n\tEinde."),
                     "text/plain");
    cr_expect_str_eq(sniff_str("\xEF\xBB\xBFMet BOM: 3 < 4 en 5 > 2."), "text/plain",
                     "a lone '<' in running text is fine");
}

/* ---- refused --------------------------------------------------------------------------------- */

Test(sniff, empty_and_executables)
{
    static const uint8_t elf[] = {0x7F, 'E', 'L', 'F', 2, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0};
    static const uint8_t pe[] = {'M', 'Z', 0x90, 0, 3, 0, 0, 0, 4, 0, 0, 0, 0xFF, 0xFF, 0, 0};
    static const uint8_t macho[] = {0xCF, 0xFA, 0xED, 0xFE, 7, 0, 0, 1};
    cr_expect_null(document_sniff("", 0));
    cr_expect_null(document_sniff(NULL, 0));
    cr_expect_null(document_sniff(elf, sizeof(elf)), "ELF (whatever its name)");
    cr_expect_null(document_sniff(pe, sizeof(pe)), "a Windows .exe renamed");
    cr_expect_null(document_sniff(macho, sizeof(macho)), "Mach-O");
    cr_expect_null(sniff_str("#!/bin/sh\nrm -rf /\x01\n"), "control characters");
}

Test(sniff, markup_is_not_text)
{
    static const char *const bad[] = {
        "<!DOCTYPE html><html><body>x</body></html>",
        "  \n<html><script>alert(1)</script></html>",
        "<svg xmlns=\"http://www.w3.org/2000/svg\" onload=\"alert(1)\"/>",
        "<?xml version=\"1.0\"?><svg/>",
        "Gewone tekst, en dan <script>alert(1)</script>",
        "Tekst met <IFRAME src=x> halverwege",
        "\xEF\xBB\xBF<html>",
    };
    for (size_t i = 0; i < ARRAY_LEN(bad); i++)
        cr_expect_null(sniff_str(bad[i]), "markup %zu accepted as text", i);
}

Test(sniff, text_must_be_utf8_without_nul)
{
    static const char nul[] = {'a', 'b', '\0', 'c'};
    cr_expect_null(document_sniff(nul, sizeof(nul)));
    cr_expect_null(sniff_str("caf\xE9"), "Latin-1 is not UTF-8");
    cr_expect_null(sniff_str("\xC0\xAF"), "overlong encoding");
}

Test(sniff, random_and_hostile_archives)
{
    struct zent plain[] = {{"notes.txt", "hallo", 0, false, false},
                           {"bin/run.sh", "echo", 0, false, false}};
    struct zent no_ct[] = {{"word/document.xml", "<w:document/>", 0, false, false}};
    struct zent two[] = {{CT, XML, 0, false, false},
                         {"word/document.xml", "<w/>", 0, false, false},
                         {"xl/workbook.xml", "<x/>", 0, false, false}};
    struct zent macro[] = {{CT, XML, 0, false, false},
                           {"word/document.xml", "<w/>", 0, false, false},
                           {"word/vbaProject.bin", "VBA", 0, false, false}};
    struct zent odf_macro[] = {{"mimetype", T_ODT, 0, false, false},
                               {"Basic/Standard/Module1.xml", "<script/>", 0, false, false}};
    struct zent slip[] = {{CT, XML, 0, false, false},
                          {"word/../../etc/cron.d/x", "x", 0, false, false}};
    struct zent absolute[] = {{CT, XML, 0, false, false},
                              {"/word/document.xml", "<w/>", 0, false, false}};
    struct zent link[] = {{CT, XML, 0, false, false},
                          {"word/document.xml", "/etc/passwd", 0, true, false}};
    struct zent crypt[] = {{CT, XML, 0, false, true},
                           {"word/document.xml", "<w/>", 0, false, true}};
    /* Declares 300 MiB from a few bytes: a compression bomb, or a lie. */
    struct zent bomb[] = {{CT, XML, 0, false, false},
                          {"word/document.xml", "<w/>", 300u * 1024 * 1024, false, false}};
    cr_expect_null(sniff_zip(plain, 2), "a random zip");
    cr_expect_null(sniff_zip(no_ct, 1), "OOXML parts without [Content_Types].xml");
    cr_expect_null(sniff_zip(two, 3), "both word/ and xl/");
    cr_expect_null(sniff_zip(macro, 3), "a macro-enabled document (docm)");
    cr_expect_null(sniff_zip(odf_macro, 2), "ODF with Basic macros");
    cr_expect_null(sniff_zip(slip, 2), "zip slip");
    cr_expect_null(sniff_zip(absolute, 2), "an absolute entry name");
    cr_expect_null(sniff_zip(link, 2), "a symbolic link");
    cr_expect_null(sniff_zip(crypt, 2), "an encrypted archive");
    cr_expect_null(sniff_zip(bomb, 2), "a zip bomb");
}

Test(sniff, truncated_and_random_bytes_never_crash)
{
    struct zent docx[] = {{CT, XML, 0, false, false},
                          {"word/document.xml", "<w:document/>", 0, false, false}};
    static struct blob b;
    zip(&b, docx, 2);
    for (size_t n = 4; n < b.n; n++) /* "P" and "PK" alone are plain text */
        cr_expect_null(document_sniff(b.p, n), "a docx cut at %zu bytes", n);
    static uint8_t p[512 * 3];
    size_t on = ole(p, "WordDocument", 2, NULL);
    for (size_t n = 0; n < on; n += 7)
        cr_expect_null(document_sniff(p, n), "OLE2 cut at %zu", n);
    /* Random bytes behind each magic number. */
    static const char *const magic[] = {"PK\x03\x04", "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1"};
    uint32_t x = 2463534242u;
    static uint8_t r[4096];
    for (int round = 0; round < 2000; round++) {
        for (size_t i = 0; i < sizeof(r); i++) {
            x ^= x << 13;
            x ^= x >> 17;
            x ^= x << 5;
            r[i] = (uint8_t)x;
        }
        const char *m = magic[round % 2];
        memcpy(r, m, strlen(m));
        size_t n = 64 + x % (sizeof(r) - 64);
        cr_expect_null(document_sniff(r, n), "random bytes accepted");
    }
}

Test(sniff, other_ole2_files)
{
    static uint8_t p[512 * 3];
    size_t n = ole(p, NULL, 0, NULL);
    cr_expect_null(document_sniff(p, n), "an OLE2 file without Word or Excel stream (msi, msg)");
    n = ole(p, "WordDocument", 2, "Macros");
    cr_expect_null(document_sniff(p, n), "a .doc with macros");
    n = ole(p, "Workbook", 2, "_VBA_PROJECT_CUR");
    cr_expect_null(document_sniff(p, n), "an .xls with macros");
    n = ole(p, "WordDocument", 2, NULL);
    p[48] = 9; /* the directory outside the file */
    cr_expect_null(document_sniff(p, n));
    n = ole(p, "WordDocument", 2, NULL);
    memcpy(p + 512 + 4, "\x01\x00\x00\x00", 4); /* a directory chain that loops */
    cr_expect_null(document_sniff(p, n), "a directory chain that loops");
}

/* ---- file names ------------------------------------------------------------------------------ */

static const char *clean(const char *in)
{
    static char out[DOCUMENT_NAME_MAX + 1];
    document_filename_clean(str_from_cstr(in), out, sizeof(out));
    return out;
}

Test(filename, path_and_control_characters)
{
    cr_expect_str_eq(clean("../../etc/passwd"), "passwd");
    cr_expect_str_eq(clean("C:\\Users\\x\\verslag.pdf"), "verslag.pdf");
    cr_expect_str_eq(clean("a\r\nContent-Type: text.pdf"), "a__Content-Type_ text.pdf");
    cr_expect_str_eq(clean("naam \"met\" <tekens>|?*.docx"), "naam _met_ _tekens____.docx");
    cr_expect_str_eq(clean("  ..verborgen.txt. "), "verborgen.txt");
    cr_expect_str_eq(clean("rapport\xE2\x80\xAE"
                           "fdp.exe"),
                     "rapportfdp.exe", "a right-to-left override is dropped");
    cr_expect_str_eq(clean("één ü ß.pdf"), "één ü ß.pdf");
    cr_expect_str_eq(clean(".."), "");
    cr_expect_str_eq(clean("/"), "");
    cr_expect_eq(document_filename_clean(str_from_cstr("a\xFF.pdf"), (char[201]){0}, 201), 0,
                 "not UTF-8");
}

Test(filename, long_names_keep_their_extension)
{
    char in[400];
    memset(in, 'a', 300);
    memcpy(in + 300, ".pdf", 5);
    const char *out = clean(in);
    cr_expect_eq(strlen(out), DOCUMENT_NAME_MAX);
    cr_expect(strcmp(out + DOCUMENT_NAME_MAX - 4, ".pdf") == 0);
    /* Two-byte characters are never cut in half. */
    char u[301];
    for (int i = 0; i < 150; i++)
        memcpy(u + 2 * i, "\xC3\xA9", 2); /* é */
    u[300] = '\0';
    out = clean(u);
    cr_expect_leq(strlen(out), DOCUMENT_NAME_MAX);
    cr_expect(str_utf8_valid(str_from_cstr(out), false));
}
