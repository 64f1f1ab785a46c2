import type { ChorusMe, ChorusUnavailableReason } from "@chorus/sdk";

const EXPLAINED: Record<ChorusUnavailableReason, string> = {
  ai_disabled: "AI is turned off for everyone by the operator right now.",
  ai_disabled_for_user: "AI is turned off in your settings.",
  sample_exhausted: "You have used all your sample requests. Verify your email for full access.",
  usage_limit_reached: "You have reached the usage limit set in your settings.",
  token_limit_reached: "Your plan's tokens for today are spent. They renew at midnight UTC.",
  rate_limited: "Too many requests in the last minute. Try again shortly.",
};

/** Why AI requests would be refused now (`GET /v1/me`), with the way out when the user holds it. */
export function AiUnavailableBanner({ me }: { me: ChorusMe }) {
  if (me.aiAvailable) return null;
  const why = me.reason ? EXPLAINED[me.reason] : "AI is unavailable right now.";
  const inSettings = me.reason === "ai_disabled_for_user" || me.reason === "usage_limit_reached";
  return (
    <p class="banner" role="status" aria-label="AI unavailable" data-reason={me.reason}>
      {why} {inSettings && <a href="/settings">Open settings</a>}
    </p>
  );
}
