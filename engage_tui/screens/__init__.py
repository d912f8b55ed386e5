"""Full screens: the browser, an engagement's drill-in, the time-range prompt, help."""
