/** The four balanced-scorecard perspectives, in the order they are reported. */
export const perspectives = ["financial", "customer", "internal", "learning"] as const;
