/* test_meeting.c: the decision rule of the overleg (domain.md §7.1: unanimous → majority → the
 * chair decides), which the use-case records with every decision. */
#include "core/common.h"

#include <criterion/criterion.h>

#include "app/meeting.h"

static void expect_rule(int64_t voor, int64_t tegen, const char *chair, const char *rule,
                        const char *result)
{
    const char *r = NULL, *res = NULL;
    cr_assert(meeting_decision_rule(voor, tegen, chair, &r, &res), "%lld-%lld refused",
              (long long)voor, (long long)tegen);
    cr_expect_str_eq(r, rule, "%lld-%lld", (long long)voor, (long long)tegen);
    cr_expect_str_eq(res, result, "%lld-%lld", (long long)voor, (long long)tegen);
}

Test(meeting, no_votes_against_is_unanimous)
{
    expect_rule(0, 0, NULL, "unanimous", "aangenomen");
    expect_rule(5, 0, NULL, "unanimous", "aangenomen");
}

Test(meeting, a_larger_side_is_a_majority_either_way)
{
    expect_rule(3, 1, NULL, "majority", "aangenomen");
    expect_rule(1, 3, NULL, "majority", "verworpen");
    expect_rule(2, 1, "", "majority", "aangenomen");
}

Test(meeting, a_tie_needs_the_chair_and_follows_the_chair)
{
    const char *r = NULL, *res = NULL;
    cr_expect(!meeting_decision_rule(2, 2, NULL, &r, &res), "a tie without the chair's vote");
    cr_expect(!meeting_decision_rule(2, 2, "", &r, &res), "a tie with an empty chair vote");
    expect_rule(2, 2, "voor", "chair", "aangenomen");
    expect_rule(2, 2, "tegen", "chair", "verworpen");
    expect_rule(1, 1, "tegen", "chair", "verworpen");
}
