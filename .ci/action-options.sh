# Sourced by the steps of action.yml: the action's inputs (environment
# variables) as argument arrays, split on whitespace like the inputs say.
read -r -a paths <<< "${JM_PATHS:-}"
read -r -a catalogs <<< "${JM_CATALOG:-}"
options=()
for catalog in "${catalogs[@]}"; do options+=(--catalog "$catalog"); done
if [ -n "${JM_PROFILE:-}" ]; then options+=(--profile "$JM_PROFILE"); fi
if [ -n "${JM_CONFIG:-}" ]; then options+=(--config "$JM_CONFIG"); fi
