/* test_digest.c: the text of the daily e-mail digest (app/digest.h digest_compose): nothing to
 * report gives no mail; the subject names only counts, in Dutch singular and plural; the body
 * has one line per non-zero count, the date and the link to the work list, and fits the SMTP
 * builder's limits (core/smtp.h). */
#include <criterion/criterion.h>
#include <string.h>

#include "app/digest.h"
#include "core/buf.h"
#include "core/clock.h"
#include "core/err.h"
#include "core/smtp.h"

static int64_t day(void)
{
    return clock_days_from_civil(2026, 11, 29);
}

Test(digest, nothing_to_report_no_mail)
{
    struct digest_counts c = {0};
    char subject[SMTP_SUBJECT_MAX + 1] = "";
    struct buf b;
    buf_init(&b, 8192);
    cr_expect_not(digest_compose(&c, day(), "https://regie.example", subject, sizeof(subject), &b));
    cr_expect_eq(b.len, 0);
    buf_cleanup(&b);
}

Test(digest, counts_singular_and_plural)
{
    struct digest_counts c = {.overdue = 3, .meetings_tomorrow = 1};
    char subject[SMTP_SUBJECT_MAX + 1];
    struct buf b;
    buf_init(&b, 8192);
    cr_assert(digest_compose(&c, day(), "https://regie.example", subject, sizeof(subject), &b));
    cr_expect_str_eq(subject, "Regie: 3 taken te laat, 1 overleg morgen");
    cr_expect_not_null(strstr(b.p, "29-11-2026"));
    cr_expect_not_null(strstr(b.p, "- Te laat: 3 taken of acties\n"));
    cr_expect_not_null(strstr(b.p, "- Morgen: 1 overleg\n"));
    cr_expect_null(strstr(b.p, "Vandaag"), "no line for a zero count");
    cr_expect_null(strstr(b.p, "weging"));
    cr_expect_not_null(strstr(b.p, "https://regie.example/app/werklijst\n"));
    buf_cleanup(&b);

    struct digest_counts d = {.overdue = 1,
                              .due_today = 2,
                              .meetings_tomorrow = 2,
                              .signals_waiting = 1,
                              .keyfigures_overdue = 4};
    buf_init(&b, 8192);
    cr_assert(digest_compose(&d, day(), "http://127.0.0.1:8080", subject, sizeof(subject), &b));
    cr_expect_str_eq(subject, "Regie: 1 taak te laat, 2 taken vandaag, 2 overleggen morgen, "
                              "1 melding wacht op weging, 4 sleutelfiguren: contact gewenst");
    cr_expect_not_null(strstr(b.p, "- Vandaag af te ronden: 2 taken of acties\n"));
    cr_expect_not_null(strstr(b.p, "- Wachten op weging: 1 melding\n"));
    cr_expect_not_null(strstr(b.p, "- Sleutelfiguren met wie contact gewenst is: 4\n"));

    /* and the SMTP builder takes it as it is */
    struct smtp_mail m = {"regie@localhost", "a@b.example", subject, b.p};
    struct buf msg;
    struct err e;
    err_clear(&e);
    buf_init(&msg, 64 * 1024);
    cr_expect_eq(smtp_message_build(&m, 0, &msg, &e), 0);
    buf_cleanup(&msg);
    buf_cleanup(&b);
}

Test(digest, large_counts_fit_the_subject)
{
    struct digest_counts c = {999999, 999999, 999999, 999999, 999999};
    char subject[SMTP_SUBJECT_MAX + 1];
    struct buf b;
    buf_init(&b, 8192);
    cr_expect(digest_compose(&c, day(), "http://x", subject, sizeof(subject), &b));
    cr_expect_leq(strlen(subject), SMTP_SUBJECT_MAX);
    buf_cleanup(&b);
    /* absurd counts never overflow; the subject stays within its buffer */
    struct digest_counts d = {INT64_MAX, INT64_MAX, INT64_MAX, INT64_MAX, INT64_MAX};
    buf_init(&b, 8192);
    (void)digest_compose(&d, day(), "http://x", subject, sizeof(subject), &b);
    cr_expect_leq(strlen(subject), SMTP_SUBJECT_MAX);
    buf_cleanup(&b);
}
