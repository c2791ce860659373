"""The SLA of appeals. `calendar` and `clocks` are pure functions (business time by interval
arithmetic, the clocks read from an appeal's log); `production` reads the Russian production
calendar; `services` stores the clocks on appeals, recomputes them and runs the sweep that
warns and escalates; `notify` writes the letters."""
