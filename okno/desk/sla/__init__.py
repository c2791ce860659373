"""The SLA of appeals. `calendar` and `clocks` are pure functions (business time by interval
arithmetic, the clocks read from an appeal's log); `production` reads the Russian production
calendar; `versions` keeps what each calendar and policy version said; `services` stores the
clocks on appeals and recomputes them; `sweep` warns and escalates; `notify` writes the
letters."""
