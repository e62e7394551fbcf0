"""How to reach the goal: the PDDL domain from the skill schemas, the planner, the goal agenda."""
