# Print an optspec for argparse to handle cmd's options that are independent of any subcommand.
function __fish_oomhook_global_optspecs
    string join \n url= profile= config= o/output= color= no-input presets-dir= q/quiet v/verbose h/help V/version
end

function __fish_oomhook_needs_command
    # Figure out if the current invocation already has a command.
    set -l cmd (commandline -opc)
    set -e cmd[1]
    argparse -s (__fish_oomhook_global_optspecs) -- $cmd 2>/dev/null
    or return
    if set -q argv[1]
        # Also print the command, so this can be used to figure out what it is.
        echo $argv[1]
        return 1
    end
    return 0
end

function __fish_oomhook_using_subcommand
    set -l cmd (__fish_oomhook_needs_command)
    test -z "$cmd"
    and return 1
    contains -- $cmd[1] $argv
end

complete -c oomhook -n "__fish_oomhook_needs_command" -l url -d 'Tenant root URL, e.g. https://acme.oomnitza.com or http://127.0.0.1:8080 [env: OOMNITZA_URL]. For `send`, where to deliver instead of the webhook\'s own URL' -r
complete -c oomhook -n "__fish_oomhook_needs_command" -l profile -d 'A named profile from the config file' -r
complete -c oomhook -n "__fish_oomhook_needs_command" -l config -d 'Config file [default: <config dir>/oomhook/config.toml]' -r -F
complete -c oomhook -n "__fish_oomhook_needs_command" -s o -l output -d 'Output format [default: table on a terminal, json otherwise]' -r -f -a "table\t'A table for people'
json\t'JSON, for scripts'
yaml\t'YAML, for scripts and files'"
complete -c oomhook -n "__fish_oomhook_needs_command" -l color -d 'When to use colour' -r -f -a "auto\t'Colour when stderr is a terminal and NO_COLOR is unset'
always\t'Always colour'
never\t'Never colour'"
complete -c oomhook -n "__fish_oomhook_needs_command" -l presets-dir -d 'Extra folder of presets (adds to and overrides the bundled ones)' -r -F
complete -c oomhook -n "__fish_oomhook_needs_command" -l no-input -d 'Never prompt; a missing value is an error that names its flag'
complete -c oomhook -n "__fish_oomhook_needs_command" -s q -l quiet -d 'Less output: only data and errors'
complete -c oomhook -n "__fish_oomhook_needs_command" -s v -l verbose -d 'More detail on stderr (repeat for more); secrets stay redacted at every level'
complete -c oomhook -n "__fish_oomhook_needs_command" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c oomhook -n "__fish_oomhook_needs_command" -s V -l version -d 'Print version'
complete -c oomhook -n "__fish_oomhook_needs_command" -f -a "validate" -d 'Check presets: schema, template syntax, every sample renders with its sync keys'
complete -c oomhook -n "__fish_oomhook_needs_command" -f -a "test" -d 'Render every sample of every preset and compare with its expected bodies, for CI'
complete -c oomhook -n "__fish_oomhook_needs_command" -f -a "serve" -d 'Run a local Oomnitza-compatible server'
complete -c oomhook -n "__fish_oomhook_needs_command" -f -a "list" -d 'List the webhooks on the server'
complete -c oomhook -n "__fish_oomhook_needs_command" -f -a "ls" -d 'List the webhooks on the server'
complete -c oomhook -n "__fish_oomhook_needs_command" -f -a "show" -d 'Show one webhook'
complete -c oomhook -n "__fish_oomhook_needs_command" -f -a "update" -d 'Change fields of a webhook'
complete -c oomhook -n "__fish_oomhook_needs_command" -f -a "delete" -d 'Delete a webhook'
complete -c oomhook -n "__fish_oomhook_needs_command" -f -a "rm" -d 'Delete a webhook'
complete -c oomhook -n "__fish_oomhook_needs_command" -f -a "deliveries" -d 'Show the delivery log of a webhook'
complete -c oomhook -n "__fish_oomhook_needs_command" -f -a "replay" -d 'Run recorded deliveries again through the webhook\'s current body, event and sync keys'
complete -c oomhook -n "__fish_oomhook_needs_command" -f -a "apply" -d 'Make the server\'s webhooks match a YAML file (create, update, prune)'
complete -c oomhook -n "__fish_oomhook_needs_command" -f -a "export" -d 'Write the server\'s webhooks as an apply file on stdout'
complete -c oomhook -n "__fish_oomhook_needs_command" -f -a "send" -d 'Deliver a sample event to a webhook, signed as the vendor signs it'
complete -c oomhook -n "__fish_oomhook_needs_command" -f -a "login" -d 'Check an API token against the server and store it in the OS keyring'
complete -c oomhook -n "__fish_oomhook_needs_command" -f -a "logout" -d 'Forget the stored API token of the profile'
complete -c oomhook -n "__fish_oomhook_needs_command" -f -a "whoami" -d 'Show the server, the profile and where the token came from (never the token)'
complete -c oomhook -n "__fish_oomhook_needs_command" -f -a "config" -d 'Show the effective configuration'
complete -c oomhook -n "__fish_oomhook_needs_command" -f -a "completions" -d 'Print shell completions (`--help` says where to put them)'
complete -c oomhook -n "__fish_oomhook_needs_command" -f -a "man" -d 'Write the man page (roff) to stdout'
complete -c oomhook -n "__fish_oomhook_needs_command" -f -a "preview" -d 'Render a preset\'s body (or any template) against a sample payload, offline'
complete -c oomhook -n "__fish_oomhook_needs_command" -f -a "add" -d 'Create a webhook from a vendor preset (asks for missing values on a terminal)'
complete -c oomhook -n "__fish_oomhook_needs_command" -f -a "sign" -d 'Print the headers a vendor would send for a payload'
complete -c oomhook -n "__fish_oomhook_needs_command" -f -a "verify" -d 'Check a vendor request\'s signature or header secret'
complete -c oomhook -n "__fish_oomhook_needs_command" -f -a "presets" -d 'Browse the bundled (and your own) vendor presets'
complete -c oomhook -n "__fish_oomhook_needs_command" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c oomhook -n "__fish_oomhook_using_subcommand validate" -l url -d 'Tenant root URL, e.g. https://acme.oomnitza.com or http://127.0.0.1:8080 [env: OOMNITZA_URL]. For `send`, where to deliver instead of the webhook\'s own URL' -r
complete -c oomhook -n "__fish_oomhook_using_subcommand validate" -l profile -d 'A named profile from the config file' -r
complete -c oomhook -n "__fish_oomhook_using_subcommand validate" -l config -d 'Config file [default: <config dir>/oomhook/config.toml]' -r -F
complete -c oomhook -n "__fish_oomhook_using_subcommand validate" -s o -l output -d 'Output format [default: table on a terminal, json otherwise]' -r -f -a "table\t'A table for people'
json\t'JSON, for scripts'
yaml\t'YAML, for scripts and files'"
complete -c oomhook -n "__fish_oomhook_using_subcommand validate" -l color -d 'When to use colour' -r -f -a "auto\t'Colour when stderr is a terminal and NO_COLOR is unset'
always\t'Always colour'
never\t'Never colour'"
complete -c oomhook -n "__fish_oomhook_using_subcommand validate" -l presets-dir -d 'Extra folder of presets (adds to and overrides the bundled ones)' -r -F
complete -c oomhook -n "__fish_oomhook_using_subcommand validate" -l no-input -d 'Never prompt; a missing value is an error that names its flag'
complete -c oomhook -n "__fish_oomhook_using_subcommand validate" -s q -l quiet -d 'Less output: only data and errors'
complete -c oomhook -n "__fish_oomhook_using_subcommand validate" -s v -l verbose -d 'More detail on stderr (repeat for more); secrets stay redacted at every level'
complete -c oomhook -n "__fish_oomhook_using_subcommand validate" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c oomhook -n "__fish_oomhook_using_subcommand validate" -s V -l version -d 'Print version'
complete -c oomhook -n "__fish_oomhook_using_subcommand test" -l url -d 'Tenant root URL, e.g. https://acme.oomnitza.com or http://127.0.0.1:8080 [env: OOMNITZA_URL]. For `send`, where to deliver instead of the webhook\'s own URL' -r
complete -c oomhook -n "__fish_oomhook_using_subcommand test" -l profile -d 'A named profile from the config file' -r
complete -c oomhook -n "__fish_oomhook_using_subcommand test" -l config -d 'Config file [default: <config dir>/oomhook/config.toml]' -r -F
complete -c oomhook -n "__fish_oomhook_using_subcommand test" -s o -l output -d 'Output format [default: table on a terminal, json otherwise]' -r -f -a "table\t'A table for people'
json\t'JSON, for scripts'
yaml\t'YAML, for scripts and files'"
complete -c oomhook -n "__fish_oomhook_using_subcommand test" -l color -d 'When to use colour' -r -f -a "auto\t'Colour when stderr is a terminal and NO_COLOR is unset'
always\t'Always colour'
never\t'Never colour'"
complete -c oomhook -n "__fish_oomhook_using_subcommand test" -l presets-dir -d 'Extra folder of presets (adds to and overrides the bundled ones)' -r -F
complete -c oomhook -n "__fish_oomhook_using_subcommand test" -l update -d 'Write the rendered bodies as the expected ones (then review the change in git)'
complete -c oomhook -n "__fish_oomhook_using_subcommand test" -l no-input -d 'Never prompt; a missing value is an error that names its flag'
complete -c oomhook -n "__fish_oomhook_using_subcommand test" -s q -l quiet -d 'Less output: only data and errors'
complete -c oomhook -n "__fish_oomhook_using_subcommand test" -s v -l verbose -d 'More detail on stderr (repeat for more); secrets stay redacted at every level'
complete -c oomhook -n "__fish_oomhook_using_subcommand test" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c oomhook -n "__fish_oomhook_using_subcommand test" -s V -l version -d 'Print version'
complete -c oomhook -n "__fish_oomhook_using_subcommand serve" -l listen -d 'Address to listen on (port 0 picks a free port)' -r
complete -c oomhook -n "__fish_oomhook_using_subcommand serve" -l db -d 'SQLite database file, or :memory: for a throwaway server' -r
complete -c oomhook -n "__fish_oomhook_using_subcommand serve" -l token-file -d 'File holding the API token clients must send [default: OOMHOOK_SERVE_TOKEN, else a token generated and kept beside the database]' -r -F
complete -c oomhook -n "__fish_oomhook_using_subcommand serve" -l public-url -d 'Public base URL used in webhook URLs [default: the listen address]' -r
complete -c oomhook -n "__fish_oomhook_using_subcommand serve" -l keep-deliveries -d 'Keep the payloads (body and headers) of the newest N deliveries of each webhook, for `deliveries --id`, `replay` and `preview --webhook`; 0 keeps none' -r
complete -c oomhook -n "__fish_oomhook_using_subcommand serve" -l url -d 'Tenant root URL, e.g. https://acme.oomnitza.com or http://127.0.0.1:8080 [env: OOMNITZA_URL]. For `send`, where to deliver instead of the webhook\'s own URL' -r
complete -c oomhook -n "__fish_oomhook_using_subcommand serve" -l profile -d 'A named profile from the config file' -r
complete -c oomhook -n "__fish_oomhook_using_subcommand serve" -l config -d 'Config file [default: <config dir>/oomhook/config.toml]' -r -F
complete -c oomhook -n "__fish_oomhook_using_subcommand serve" -s o -l output -d 'Output format [default: table on a terminal, json otherwise]' -r -f -a "table\t'A table for people'
json\t'JSON, for scripts'
yaml\t'YAML, for scripts and files'"
complete -c oomhook -n "__fish_oomhook_using_subcommand serve" -l color -d 'When to use colour' -r -f -a "auto\t'Colour when stderr is a terminal and NO_COLOR is unset'
always\t'Always colour'
never\t'Never colour'"
complete -c oomhook -n "__fish_oomhook_using_subcommand serve" -l presets-dir -d 'Extra folder of presets (adds to and overrides the bundled ones)' -r -F
complete -c oomhook -n "__fish_oomhook_using_subcommand serve" -l no-input -d 'Never prompt; a missing value is an error that names its flag'
complete -c oomhook -n "__fish_oomhook_using_subcommand serve" -s q -l quiet -d 'Less output: only data and errors'
complete -c oomhook -n "__fish_oomhook_using_subcommand serve" -s v -l verbose -d 'More detail on stderr (repeat for more); secrets stay redacted at every level'
complete -c oomhook -n "__fish_oomhook_using_subcommand serve" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c oomhook -n "__fish_oomhook_using_subcommand serve" -s V -l version -d 'Print version'
complete -c oomhook -n "__fish_oomhook_using_subcommand list" -l preset -d 'Only webhooks of this preset' -r
complete -c oomhook -n "__fish_oomhook_using_subcommand list" -l url -d 'Tenant root URL, e.g. https://acme.oomnitza.com or http://127.0.0.1:8080 [env: OOMNITZA_URL]. For `send`, where to deliver instead of the webhook\'s own URL' -r
complete -c oomhook -n "__fish_oomhook_using_subcommand list" -l profile -d 'A named profile from the config file' -r
complete -c oomhook -n "__fish_oomhook_using_subcommand list" -l config -d 'Config file [default: <config dir>/oomhook/config.toml]' -r -F
complete -c oomhook -n "__fish_oomhook_using_subcommand list" -s o -l output -d 'Output format [default: table on a terminal, json otherwise]' -r -f -a "table\t'A table for people'
json\t'JSON, for scripts'
yaml\t'YAML, for scripts and files'"
complete -c oomhook -n "__fish_oomhook_using_subcommand list" -l color -d 'When to use colour' -r -f -a "auto\t'Colour when stderr is a terminal and NO_COLOR is unset'
always\t'Always colour'
never\t'Never colour'"
complete -c oomhook -n "__fish_oomhook_using_subcommand list" -l presets-dir -d 'Extra folder of presets (adds to and overrides the bundled ones)' -r -F
complete -c oomhook -n "__fish_oomhook_using_subcommand list" -l no-input -d 'Never prompt; a missing value is an error that names its flag'
complete -c oomhook -n "__fish_oomhook_using_subcommand list" -s q -l quiet -d 'Less output: only data and errors'
complete -c oomhook -n "__fish_oomhook_using_subcommand list" -s v -l verbose -d 'More detail on stderr (repeat for more); secrets stay redacted at every level'
complete -c oomhook -n "__fish_oomhook_using_subcommand list" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c oomhook -n "__fish_oomhook_using_subcommand list" -s V -l version -d 'Print version'
complete -c oomhook -n "__fish_oomhook_using_subcommand ls" -l preset -d 'Only webhooks of this preset' -r
complete -c oomhook -n "__fish_oomhook_using_subcommand ls" -l url -d 'Tenant root URL, e.g. https://acme.oomnitza.com or http://127.0.0.1:8080 [env: OOMNITZA_URL]. For `send`, where to deliver instead of the webhook\'s own URL' -r
complete -c oomhook -n "__fish_oomhook_using_subcommand ls" -l profile -d 'A named profile from the config file' -r
complete -c oomhook -n "__fish_oomhook_using_subcommand ls" -l config -d 'Config file [default: <config dir>/oomhook/config.toml]' -r -F
complete -c oomhook -n "__fish_oomhook_using_subcommand ls" -s o -l output -d 'Output format [default: table on a terminal, json otherwise]' -r -f -a "table\t'A table for people'
json\t'JSON, for scripts'
yaml\t'YAML, for scripts and files'"
complete -c oomhook -n "__fish_oomhook_using_subcommand ls" -l color -d 'When to use colour' -r -f -a "auto\t'Colour when stderr is a terminal and NO_COLOR is unset'
always\t'Always colour'
never\t'Never colour'"
complete -c oomhook -n "__fish_oomhook_using_subcommand ls" -l presets-dir -d 'Extra folder of presets (adds to and overrides the bundled ones)' -r -F
complete -c oomhook -n "__fish_oomhook_using_subcommand ls" -l no-input -d 'Never prompt; a missing value is an error that names its flag'
complete -c oomhook -n "__fish_oomhook_using_subcommand ls" -s q -l quiet -d 'Less output: only data and errors'
complete -c oomhook -n "__fish_oomhook_using_subcommand ls" -s v -l verbose -d 'More detail on stderr (repeat for more); secrets stay redacted at every level'
complete -c oomhook -n "__fish_oomhook_using_subcommand ls" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c oomhook -n "__fish_oomhook_using_subcommand ls" -s V -l version -d 'Print version'
complete -c oomhook -n "__fish_oomhook_using_subcommand show" -l url -d 'Tenant root URL, e.g. https://acme.oomnitza.com or http://127.0.0.1:8080 [env: OOMNITZA_URL]. For `send`, where to deliver instead of the webhook\'s own URL' -r
complete -c oomhook -n "__fish_oomhook_using_subcommand show" -l profile -d 'A named profile from the config file' -r
complete -c oomhook -n "__fish_oomhook_using_subcommand show" -l config -d 'Config file [default: <config dir>/oomhook/config.toml]' -r -F
complete -c oomhook -n "__fish_oomhook_using_subcommand show" -s o -l output -d 'Output format [default: table on a terminal, json otherwise]' -r -f -a "table\t'A table for people'
json\t'JSON, for scripts'
yaml\t'YAML, for scripts and files'"
complete -c oomhook -n "__fish_oomhook_using_subcommand show" -l color -d 'When to use colour' -r -f -a "auto\t'Colour when stderr is a terminal and NO_COLOR is unset'
always\t'Always colour'
never\t'Never colour'"
complete -c oomhook -n "__fish_oomhook_using_subcommand show" -l presets-dir -d 'Extra folder of presets (adds to and overrides the bundled ones)' -r -F
complete -c oomhook -n "__fish_oomhook_using_subcommand show" -l no-input -d 'Never prompt; a missing value is an error that names its flag'
complete -c oomhook -n "__fish_oomhook_using_subcommand show" -s q -l quiet -d 'Less output: only data and errors'
complete -c oomhook -n "__fish_oomhook_using_subcommand show" -s v -l verbose -d 'More detail on stderr (repeat for more); secrets stay redacted at every level'
complete -c oomhook -n "__fish_oomhook_using_subcommand show" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c oomhook -n "__fish_oomhook_using_subcommand show" -s V -l version -d 'Print version'
complete -c oomhook -n "__fish_oomhook_using_subcommand update" -l name -d 'New name' -r
complete -c oomhook -n "__fish_oomhook_using_subcommand update" -l preset -d 'Move the webhook to another preset' -r
complete -c oomhook -n "__fish_oomhook_using_subcommand update" -l secret-file -d 'Read the secret from a file (its first line)' -r -F
complete -c oomhook -n "__fish_oomhook_using_subcommand update" -l if-version -d 'Only update if the webhook is still at this version (optimistic locking)' -r
complete -c oomhook -n "__fish_oomhook_using_subcommand update" -l secret-type -d 'New secret type [default: unchanged]' -r -f -a "header\t'Header Secret: you invent it; the vendor sends it verbatim in a header'
hmac\t'HMAC Secret: the vendor generates it and signs each request with it'"
complete -c oomhook -n "__fish_oomhook_using_subcommand update" -l event -d 'New Oomnitza event [default: unchanged]' -r -f -a "create_user\t'Create the user (update it when present)'
update_user\t'Update the user found by the sync keys'
archive_user\t'Archive the user'
create_asset\t'Create the asset (update it when present)'
update_asset\t'Update the asset found by the sync keys'
archive_asset\t'Archive the asset'"
complete -c oomhook -n "__fish_oomhook_using_subcommand update" -l body-file -d 'New body template file, checked against the preset\'s samples [default: unchanged]' -r -F
complete -c oomhook -n "__fish_oomhook_using_subcommand update" -l sync-key -d 'New sync keys, in order; repeat for more [default: unchanged]' -r
complete -c oomhook -n "__fish_oomhook_using_subcommand update" -l url -d 'Tenant root URL, e.g. https://acme.oomnitza.com or http://127.0.0.1:8080 [env: OOMNITZA_URL]. For `send`, where to deliver instead of the webhook\'s own URL' -r
complete -c oomhook -n "__fish_oomhook_using_subcommand update" -l profile -d 'A named profile from the config file' -r
complete -c oomhook -n "__fish_oomhook_using_subcommand update" -l config -d 'Config file [default: <config dir>/oomhook/config.toml]' -r -F
complete -c oomhook -n "__fish_oomhook_using_subcommand update" -s o -l output -d 'Output format [default: table on a terminal, json otherwise]' -r -f -a "table\t'A table for people'
json\t'JSON, for scripts'
yaml\t'YAML, for scripts and files'"
complete -c oomhook -n "__fish_oomhook_using_subcommand update" -l color -d 'When to use colour' -r -f -a "auto\t'Colour when stderr is a terminal and NO_COLOR is unset'
always\t'Always colour'
never\t'Never colour'"
complete -c oomhook -n "__fish_oomhook_using_subcommand update" -l presets-dir -d 'Extra folder of presets (adds to and overrides the bundled ones)' -r -F
complete -c oomhook -n "__fish_oomhook_using_subcommand update" -l secret-stdin -d 'Read the secret from stdin'
complete -c oomhook -n "__fish_oomhook_using_subcommand update" -l generate-secret -d 'Generate a strong header secret (printed once)'
complete -c oomhook -n "__fish_oomhook_using_subcommand update" -l skip-body-check -d 'Store a body that fails to render against one of the preset\'s samples (by default it is refused, since the vendor\'s deliveries like it would be refused)'
complete -c oomhook -n "__fish_oomhook_using_subcommand update" -s y -l yes -d 'Do not ask for confirmation'
complete -c oomhook -n "__fish_oomhook_using_subcommand update" -l enabled -d 'Enable the webhook'
complete -c oomhook -n "__fish_oomhook_using_subcommand update" -l disabled -d 'Disable the webhook (it answers deliveries 404 until enabled)'
complete -c oomhook -n "__fish_oomhook_using_subcommand update" -l dry-run -d 'Show what would change (the body as a diff; secret redacted) and stop'
complete -c oomhook -n "__fish_oomhook_using_subcommand update" -l no-input -d 'Never prompt; a missing value is an error that names its flag'
complete -c oomhook -n "__fish_oomhook_using_subcommand update" -s q -l quiet -d 'Less output: only data and errors'
complete -c oomhook -n "__fish_oomhook_using_subcommand update" -s v -l verbose -d 'More detail on stderr (repeat for more); secrets stay redacted at every level'
complete -c oomhook -n "__fish_oomhook_using_subcommand update" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c oomhook -n "__fish_oomhook_using_subcommand update" -s V -l version -d 'Print version'
complete -c oomhook -n "__fish_oomhook_using_subcommand delete" -l url -d 'Tenant root URL, e.g. https://acme.oomnitza.com or http://127.0.0.1:8080 [env: OOMNITZA_URL]. For `send`, where to deliver instead of the webhook\'s own URL' -r
complete -c oomhook -n "__fish_oomhook_using_subcommand delete" -l profile -d 'A named profile from the config file' -r
complete -c oomhook -n "__fish_oomhook_using_subcommand delete" -l config -d 'Config file [default: <config dir>/oomhook/config.toml]' -r -F
complete -c oomhook -n "__fish_oomhook_using_subcommand delete" -s o -l output -d 'Output format [default: table on a terminal, json otherwise]' -r -f -a "table\t'A table for people'
json\t'JSON, for scripts'
yaml\t'YAML, for scripts and files'"
complete -c oomhook -n "__fish_oomhook_using_subcommand delete" -l color -d 'When to use colour' -r -f -a "auto\t'Colour when stderr is a terminal and NO_COLOR is unset'
always\t'Always colour'
never\t'Never colour'"
complete -c oomhook -n "__fish_oomhook_using_subcommand delete" -l presets-dir -d 'Extra folder of presets (adds to and overrides the bundled ones)' -r -F
complete -c oomhook -n "__fish_oomhook_using_subcommand delete" -s y -l yes -d 'Do not ask for confirmation (required without a terminal)'
complete -c oomhook -n "__fish_oomhook_using_subcommand delete" -l no-input -d 'Never prompt; a missing value is an error that names its flag'
complete -c oomhook -n "__fish_oomhook_using_subcommand delete" -s q -l quiet -d 'Less output: only data and errors'
complete -c oomhook -n "__fish_oomhook_using_subcommand delete" -s v -l verbose -d 'More detail on stderr (repeat for more); secrets stay redacted at every level'
complete -c oomhook -n "__fish_oomhook_using_subcommand delete" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c oomhook -n "__fish_oomhook_using_subcommand delete" -s V -l version -d 'Print version'
complete -c oomhook -n "__fish_oomhook_using_subcommand rm" -l url -d 'Tenant root URL, e.g. https://acme.oomnitza.com or http://127.0.0.1:8080 [env: OOMNITZA_URL]. For `send`, where to deliver instead of the webhook\'s own URL' -r
complete -c oomhook -n "__fish_oomhook_using_subcommand rm" -l profile -d 'A named profile from the config file' -r
complete -c oomhook -n "__fish_oomhook_using_subcommand rm" -l config -d 'Config file [default: <config dir>/oomhook/config.toml]' -r -F
complete -c oomhook -n "__fish_oomhook_using_subcommand rm" -s o -l output -d 'Output format [default: table on a terminal, json otherwise]' -r -f -a "table\t'A table for people'
json\t'JSON, for scripts'
yaml\t'YAML, for scripts and files'"
complete -c oomhook -n "__fish_oomhook_using_subcommand rm" -l color -d 'When to use colour' -r -f -a "auto\t'Colour when stderr is a terminal and NO_COLOR is unset'
always\t'Always colour'
never\t'Never colour'"
complete -c oomhook -n "__fish_oomhook_using_subcommand rm" -l presets-dir -d 'Extra folder of presets (adds to and overrides the bundled ones)' -r -F
complete -c oomhook -n "__fish_oomhook_using_subcommand rm" -s y -l yes -d 'Do not ask for confirmation (required without a terminal)'
complete -c oomhook -n "__fish_oomhook_using_subcommand rm" -l no-input -d 'Never prompt; a missing value is an error that names its flag'
complete -c oomhook -n "__fish_oomhook_using_subcommand rm" -s q -l quiet -d 'Less output: only data and errors'
complete -c oomhook -n "__fish_oomhook_using_subcommand rm" -s v -l verbose -d 'More detail on stderr (repeat for more); secrets stay redacted at every level'
complete -c oomhook -n "__fish_oomhook_using_subcommand rm" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c oomhook -n "__fish_oomhook_using_subcommand rm" -s V -l version -d 'Print version'
complete -c oomhook -n "__fish_oomhook_using_subcommand deliveries" -l limit -d 'At most this many deliveries, newest first (1 to 1000)' -r
complete -c oomhook -n "__fish_oomhook_using_subcommand deliveries" -l id -d 'Show one delivery in full: its outcome, the headers and the body its request carried' -r
complete -c oomhook -n "__fish_oomhook_using_subcommand deliveries" -l url -d 'Tenant root URL, e.g. https://acme.oomnitza.com or http://127.0.0.1:8080 [env: OOMNITZA_URL]. For `send`, where to deliver instead of the webhook\'s own URL' -r
complete -c oomhook -n "__fish_oomhook_using_subcommand deliveries" -l profile -d 'A named profile from the config file' -r
complete -c oomhook -n "__fish_oomhook_using_subcommand deliveries" -l config -d 'Config file [default: <config dir>/oomhook/config.toml]' -r -F
complete -c oomhook -n "__fish_oomhook_using_subcommand deliveries" -s o -l output -d 'Output format [default: table on a terminal, json otherwise]' -r -f -a "table\t'A table for people'
json\t'JSON, for scripts'
yaml\t'YAML, for scripts and files'"
complete -c oomhook -n "__fish_oomhook_using_subcommand deliveries" -l color -d 'When to use colour' -r -f -a "auto\t'Colour when stderr is a terminal and NO_COLOR is unset'
always\t'Always colour'
never\t'Never colour'"
complete -c oomhook -n "__fish_oomhook_using_subcommand deliveries" -l presets-dir -d 'Extra folder of presets (adds to and overrides the bundled ones)' -r -F
complete -c oomhook -n "__fish_oomhook_using_subcommand deliveries" -l follow -d 'Show new deliveries as they arrive (one JSON object a line with -o json), until Ctrl-C; picks up where it left off if the server restarts'
complete -c oomhook -n "__fish_oomhook_using_subcommand deliveries" -l no-input -d 'Never prompt; a missing value is an error that names its flag'
complete -c oomhook -n "__fish_oomhook_using_subcommand deliveries" -s q -l quiet -d 'Less output: only data and errors'
complete -c oomhook -n "__fish_oomhook_using_subcommand deliveries" -s v -l verbose -d 'More detail on stderr (repeat for more); secrets stay redacted at every level'
complete -c oomhook -n "__fish_oomhook_using_subcommand deliveries" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c oomhook -n "__fish_oomhook_using_subcommand deliveries" -s V -l version -d 'Print version'
complete -c oomhook -n "__fish_oomhook_using_subcommand replay" -l delivery -d 'Replay this delivery (repeat for more); its id as `deliveries` shows it' -r
complete -c oomhook -n "__fish_oomhook_using_subcommand replay" -l status -d 'Only deliveries with this status' -r -f -a "applied\t''
duplicate\t''
skipped\t''
rejected\t''"
complete -c oomhook -n "__fish_oomhook_using_subcommand replay" -l since -d 'Only deliveries received since this time: RFC 3339 (2026-05-01T16:00:00Z) or an age (30m, 2h, 7d)' -r
complete -c oomhook -n "__fish_oomhook_using_subcommand replay" -l last -d 'Only the newest N deliveries (after the filters above)' -r
complete -c oomhook -n "__fish_oomhook_using_subcommand replay" -l url -d 'Tenant root URL, e.g. https://acme.oomnitza.com or http://127.0.0.1:8080 [env: OOMNITZA_URL]. For `send`, where to deliver instead of the webhook\'s own URL' -r
complete -c oomhook -n "__fish_oomhook_using_subcommand replay" -l profile -d 'A named profile from the config file' -r
complete -c oomhook -n "__fish_oomhook_using_subcommand replay" -l config -d 'Config file [default: <config dir>/oomhook/config.toml]' -r -F
complete -c oomhook -n "__fish_oomhook_using_subcommand replay" -s o -l output -d 'Output format [default: table on a terminal, json otherwise]' -r -f -a "table\t'A table for people'
json\t'JSON, for scripts'
yaml\t'YAML, for scripts and files'"
complete -c oomhook -n "__fish_oomhook_using_subcommand replay" -l color -d 'When to use colour' -r -f -a "auto\t'Colour when stderr is a terminal and NO_COLOR is unset'
always\t'Always colour'
never\t'Never colour'"
complete -c oomhook -n "__fish_oomhook_using_subcommand replay" -l presets-dir -d 'Extra folder of presets (adds to and overrides the bundled ones)' -r -F
complete -c oomhook -n "__fish_oomhook_using_subcommand replay" -l dry-run -d 'Show which deliveries would be replayed, and replay none'
complete -c oomhook -n "__fish_oomhook_using_subcommand replay" -s y -l yes -d 'Replay more than one without asking'
complete -c oomhook -n "__fish_oomhook_using_subcommand replay" -l no-input -d 'Never prompt; a missing value is an error that names its flag'
complete -c oomhook -n "__fish_oomhook_using_subcommand replay" -s q -l quiet -d 'Less output: only data and errors'
complete -c oomhook -n "__fish_oomhook_using_subcommand replay" -s v -l verbose -d 'More detail on stderr (repeat for more); secrets stay redacted at every level'
complete -c oomhook -n "__fish_oomhook_using_subcommand replay" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c oomhook -n "__fish_oomhook_using_subcommand replay" -s V -l version -d 'Print version'
complete -c oomhook -n "__fish_oomhook_using_subcommand apply" -s f -l file -d 'The apply file (YAML), or - for stdin' -r
complete -c oomhook -n "__fish_oomhook_using_subcommand apply" -l concurrency -d 'How many requests at once' -r
complete -c oomhook -n "__fish_oomhook_using_subcommand apply" -l rotate-secrets -d 'Send the secrets of existing webhooks again: all in the file, or those named (--rotate-secrets=NAME,NAME). Otherwise a secret is sent only when its webhook is created' -r
complete -c oomhook -n "__fish_oomhook_using_subcommand apply" -l url -d 'Tenant root URL, e.g. https://acme.oomnitza.com or http://127.0.0.1:8080 [env: OOMNITZA_URL]. For `send`, where to deliver instead of the webhook\'s own URL' -r
complete -c oomhook -n "__fish_oomhook_using_subcommand apply" -l profile -d 'A named profile from the config file' -r
complete -c oomhook -n "__fish_oomhook_using_subcommand apply" -l config -d 'Config file [default: <config dir>/oomhook/config.toml]' -r -F
complete -c oomhook -n "__fish_oomhook_using_subcommand apply" -s o -l output -d 'Output format [default: table on a terminal, json otherwise]' -r -f -a "table\t'A table for people'
json\t'JSON, for scripts'
yaml\t'YAML, for scripts and files'"
complete -c oomhook -n "__fish_oomhook_using_subcommand apply" -l color -d 'When to use colour' -r -f -a "auto\t'Colour when stderr is a terminal and NO_COLOR is unset'
always\t'Always colour'
never\t'Never colour'"
complete -c oomhook -n "__fish_oomhook_using_subcommand apply" -l presets-dir -d 'Extra folder of presets (adds to and overrides the bundled ones)' -r -F
complete -c oomhook -n "__fish_oomhook_using_subcommand apply" -l dry-run -d 'Print the plan and stop'
complete -c oomhook -n "__fish_oomhook_using_subcommand apply" -l prune -d 'Delete webhooks on the server that the file does not list'
complete -c oomhook -n "__fish_oomhook_using_subcommand apply" -s y -l yes -d 'Do not ask before deleting with --prune'
complete -c oomhook -n "__fish_oomhook_using_subcommand apply" -l skip-body-check -d 'Apply bodies that fail to render against one of their preset\'s samples (by default the file is refused, since the vendor\'s deliveries like it would be refused)'
complete -c oomhook -n "__fish_oomhook_using_subcommand apply" -l no-input -d 'Never prompt; a missing value is an error that names its flag'
complete -c oomhook -n "__fish_oomhook_using_subcommand apply" -s q -l quiet -d 'Less output: only data and errors'
complete -c oomhook -n "__fish_oomhook_using_subcommand apply" -s v -l verbose -d 'More detail on stderr (repeat for more); secrets stay redacted at every level'
complete -c oomhook -n "__fish_oomhook_using_subcommand apply" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c oomhook -n "__fish_oomhook_using_subcommand apply" -s V -l version -d 'Print version'
complete -c oomhook -n "__fish_oomhook_using_subcommand export" -l url -d 'Tenant root URL, e.g. https://acme.oomnitza.com or http://127.0.0.1:8080 [env: OOMNITZA_URL]. For `send`, where to deliver instead of the webhook\'s own URL' -r
complete -c oomhook -n "__fish_oomhook_using_subcommand export" -l profile -d 'A named profile from the config file' -r
complete -c oomhook -n "__fish_oomhook_using_subcommand export" -l config -d 'Config file [default: <config dir>/oomhook/config.toml]' -r -F
complete -c oomhook -n "__fish_oomhook_using_subcommand export" -s o -l output -d 'Output format [default: table on a terminal, json otherwise]' -r -f -a "table\t'A table for people'
json\t'JSON, for scripts'
yaml\t'YAML, for scripts and files'"
complete -c oomhook -n "__fish_oomhook_using_subcommand export" -l color -d 'When to use colour' -r -f -a "auto\t'Colour when stderr is a terminal and NO_COLOR is unset'
always\t'Always colour'
never\t'Never colour'"
complete -c oomhook -n "__fish_oomhook_using_subcommand export" -l presets-dir -d 'Extra folder of presets (adds to and overrides the bundled ones)' -r -F
complete -c oomhook -n "__fish_oomhook_using_subcommand export" -l no-input -d 'Never prompt; a missing value is an error that names its flag'
complete -c oomhook -n "__fish_oomhook_using_subcommand export" -s q -l quiet -d 'Less output: only data and errors'
complete -c oomhook -n "__fish_oomhook_using_subcommand export" -s v -l verbose -d 'More detail on stderr (repeat for more); secrets stay redacted at every level'
complete -c oomhook -n "__fish_oomhook_using_subcommand export" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c oomhook -n "__fish_oomhook_using_subcommand export" -s V -l version -d 'Print version'
complete -c oomhook -n "__fish_oomhook_using_subcommand send" -l sample -d 'Which of the preset\'s samples to send [default: the first]' -r
complete -c oomhook -n "__fish_oomhook_using_subcommand send" -l payload -d 'Payload file (JSON) to send instead of a sample, or - for stdin' -r
complete -c oomhook -n "__fish_oomhook_using_subcommand send" -l to -d 'Deliver here instead of the webhook\'s own URL (same as `send --url`; the server is then taken from OOMNITZA_URL or the profile)' -r
complete -c oomhook -n "__fish_oomhook_using_subcommand send" -l secret-file -d 'Read the secret from a file (its first line)' -r -F
complete -c oomhook -n "__fish_oomhook_using_subcommand send" -l url -d 'Tenant root URL, e.g. https://acme.oomnitza.com or http://127.0.0.1:8080 [env: OOMNITZA_URL]. For `send`, where to deliver instead of the webhook\'s own URL' -r
complete -c oomhook -n "__fish_oomhook_using_subcommand send" -l profile -d 'A named profile from the config file' -r
complete -c oomhook -n "__fish_oomhook_using_subcommand send" -l config -d 'Config file [default: <config dir>/oomhook/config.toml]' -r -F
complete -c oomhook -n "__fish_oomhook_using_subcommand send" -s o -l output -d 'Output format [default: table on a terminal, json otherwise]' -r -f -a "table\t'A table for people'
json\t'JSON, for scripts'
yaml\t'YAML, for scripts and files'"
complete -c oomhook -n "__fish_oomhook_using_subcommand send" -l color -d 'When to use colour' -r -f -a "auto\t'Colour when stderr is a terminal and NO_COLOR is unset'
always\t'Always colour'
never\t'Never colour'"
complete -c oomhook -n "__fish_oomhook_using_subcommand send" -l presets-dir -d 'Extra folder of presets (adds to and overrides the bundled ones)' -r -F
complete -c oomhook -n "__fish_oomhook_using_subcommand send" -l secret-stdin -d 'Read the secret from stdin'
complete -c oomhook -n "__fish_oomhook_using_subcommand send" -l no-input -d 'Never prompt; a missing value is an error that names its flag'
complete -c oomhook -n "__fish_oomhook_using_subcommand send" -s q -l quiet -d 'Less output: only data and errors'
complete -c oomhook -n "__fish_oomhook_using_subcommand send" -s v -l verbose -d 'More detail on stderr (repeat for more); secrets stay redacted at every level'
complete -c oomhook -n "__fish_oomhook_using_subcommand send" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c oomhook -n "__fish_oomhook_using_subcommand send" -s V -l version -d 'Print version'
complete -c oomhook -n "__fish_oomhook_using_subcommand login" -l url -d 'Tenant root URL, e.g. https://acme.oomnitza.com or http://127.0.0.1:8080 [env: OOMNITZA_URL]. For `send`, where to deliver instead of the webhook\'s own URL' -r
complete -c oomhook -n "__fish_oomhook_using_subcommand login" -l profile -d 'A named profile from the config file' -r
complete -c oomhook -n "__fish_oomhook_using_subcommand login" -l config -d 'Config file [default: <config dir>/oomhook/config.toml]' -r -F
complete -c oomhook -n "__fish_oomhook_using_subcommand login" -s o -l output -d 'Output format [default: table on a terminal, json otherwise]' -r -f -a "table\t'A table for people'
json\t'JSON, for scripts'
yaml\t'YAML, for scripts and files'"
complete -c oomhook -n "__fish_oomhook_using_subcommand login" -l color -d 'When to use colour' -r -f -a "auto\t'Colour when stderr is a terminal and NO_COLOR is unset'
always\t'Always colour'
never\t'Never colour'"
complete -c oomhook -n "__fish_oomhook_using_subcommand login" -l presets-dir -d 'Extra folder of presets (adds to and overrides the bundled ones)' -r -F
complete -c oomhook -n "__fish_oomhook_using_subcommand login" -l with-token -d 'Read the token from stdin instead of prompting'
complete -c oomhook -n "__fish_oomhook_using_subcommand login" -l no-input -d 'Never prompt; a missing value is an error that names its flag'
complete -c oomhook -n "__fish_oomhook_using_subcommand login" -s q -l quiet -d 'Less output: only data and errors'
complete -c oomhook -n "__fish_oomhook_using_subcommand login" -s v -l verbose -d 'More detail on stderr (repeat for more); secrets stay redacted at every level'
complete -c oomhook -n "__fish_oomhook_using_subcommand login" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c oomhook -n "__fish_oomhook_using_subcommand login" -s V -l version -d 'Print version'
complete -c oomhook -n "__fish_oomhook_using_subcommand logout" -l url -d 'Tenant root URL, e.g. https://acme.oomnitza.com or http://127.0.0.1:8080 [env: OOMNITZA_URL]. For `send`, where to deliver instead of the webhook\'s own URL' -r
complete -c oomhook -n "__fish_oomhook_using_subcommand logout" -l profile -d 'A named profile from the config file' -r
complete -c oomhook -n "__fish_oomhook_using_subcommand logout" -l config -d 'Config file [default: <config dir>/oomhook/config.toml]' -r -F
complete -c oomhook -n "__fish_oomhook_using_subcommand logout" -s o -l output -d 'Output format [default: table on a terminal, json otherwise]' -r -f -a "table\t'A table for people'
json\t'JSON, for scripts'
yaml\t'YAML, for scripts and files'"
complete -c oomhook -n "__fish_oomhook_using_subcommand logout" -l color -d 'When to use colour' -r -f -a "auto\t'Colour when stderr is a terminal and NO_COLOR is unset'
always\t'Always colour'
never\t'Never colour'"
complete -c oomhook -n "__fish_oomhook_using_subcommand logout" -l presets-dir -d 'Extra folder of presets (adds to and overrides the bundled ones)' -r -F
complete -c oomhook -n "__fish_oomhook_using_subcommand logout" -l no-input -d 'Never prompt; a missing value is an error that names its flag'
complete -c oomhook -n "__fish_oomhook_using_subcommand logout" -s q -l quiet -d 'Less output: only data and errors'
complete -c oomhook -n "__fish_oomhook_using_subcommand logout" -s v -l verbose -d 'More detail on stderr (repeat for more); secrets stay redacted at every level'
complete -c oomhook -n "__fish_oomhook_using_subcommand logout" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c oomhook -n "__fish_oomhook_using_subcommand logout" -s V -l version -d 'Print version'
complete -c oomhook -n "__fish_oomhook_using_subcommand whoami" -l url -d 'Tenant root URL, e.g. https://acme.oomnitza.com or http://127.0.0.1:8080 [env: OOMNITZA_URL]. For `send`, where to deliver instead of the webhook\'s own URL' -r
complete -c oomhook -n "__fish_oomhook_using_subcommand whoami" -l profile -d 'A named profile from the config file' -r
complete -c oomhook -n "__fish_oomhook_using_subcommand whoami" -l config -d 'Config file [default: <config dir>/oomhook/config.toml]' -r -F
complete -c oomhook -n "__fish_oomhook_using_subcommand whoami" -s o -l output -d 'Output format [default: table on a terminal, json otherwise]' -r -f -a "table\t'A table for people'
json\t'JSON, for scripts'
yaml\t'YAML, for scripts and files'"
complete -c oomhook -n "__fish_oomhook_using_subcommand whoami" -l color -d 'When to use colour' -r -f -a "auto\t'Colour when stderr is a terminal and NO_COLOR is unset'
always\t'Always colour'
never\t'Never colour'"
complete -c oomhook -n "__fish_oomhook_using_subcommand whoami" -l presets-dir -d 'Extra folder of presets (adds to and overrides the bundled ones)' -r -F
complete -c oomhook -n "__fish_oomhook_using_subcommand whoami" -l no-input -d 'Never prompt; a missing value is an error that names its flag'
complete -c oomhook -n "__fish_oomhook_using_subcommand whoami" -s q -l quiet -d 'Less output: only data and errors'
complete -c oomhook -n "__fish_oomhook_using_subcommand whoami" -s v -l verbose -d 'More detail on stderr (repeat for more); secrets stay redacted at every level'
complete -c oomhook -n "__fish_oomhook_using_subcommand whoami" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c oomhook -n "__fish_oomhook_using_subcommand whoami" -s V -l version -d 'Print version'
complete -c oomhook -n "__fish_oomhook_using_subcommand config; and not __fish_seen_subcommand_from show path help" -l url -d 'Tenant root URL, e.g. https://acme.oomnitza.com or http://127.0.0.1:8080 [env: OOMNITZA_URL]. For `send`, where to deliver instead of the webhook\'s own URL' -r
complete -c oomhook -n "__fish_oomhook_using_subcommand config; and not __fish_seen_subcommand_from show path help" -l profile -d 'A named profile from the config file' -r
complete -c oomhook -n "__fish_oomhook_using_subcommand config; and not __fish_seen_subcommand_from show path help" -l config -d 'Config file [default: <config dir>/oomhook/config.toml]' -r -F
complete -c oomhook -n "__fish_oomhook_using_subcommand config; and not __fish_seen_subcommand_from show path help" -s o -l output -d 'Output format [default: table on a terminal, json otherwise]' -r -f -a "table\t'A table for people'
json\t'JSON, for scripts'
yaml\t'YAML, for scripts and files'"
complete -c oomhook -n "__fish_oomhook_using_subcommand config; and not __fish_seen_subcommand_from show path help" -l color -d 'When to use colour' -r -f -a "auto\t'Colour when stderr is a terminal and NO_COLOR is unset'
always\t'Always colour'
never\t'Never colour'"
complete -c oomhook -n "__fish_oomhook_using_subcommand config; and not __fish_seen_subcommand_from show path help" -l presets-dir -d 'Extra folder of presets (adds to and overrides the bundled ones)' -r -F
complete -c oomhook -n "__fish_oomhook_using_subcommand config; and not __fish_seen_subcommand_from show path help" -l no-input -d 'Never prompt; a missing value is an error that names its flag'
complete -c oomhook -n "__fish_oomhook_using_subcommand config; and not __fish_seen_subcommand_from show path help" -s q -l quiet -d 'Less output: only data and errors'
complete -c oomhook -n "__fish_oomhook_using_subcommand config; and not __fish_seen_subcommand_from show path help" -s v -l verbose -d 'More detail on stderr (repeat for more); secrets stay redacted at every level'
complete -c oomhook -n "__fish_oomhook_using_subcommand config; and not __fish_seen_subcommand_from show path help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c oomhook -n "__fish_oomhook_using_subcommand config; and not __fish_seen_subcommand_from show path help" -s V -l version -d 'Print version'
complete -c oomhook -n "__fish_oomhook_using_subcommand config; and not __fish_seen_subcommand_from show path help" -f -a "show" -d 'Each effective setting and where it came from (secrets redacted)'
complete -c oomhook -n "__fish_oomhook_using_subcommand config; and not __fish_seen_subcommand_from show path help" -f -a "path" -d 'The config file\'s path'
complete -c oomhook -n "__fish_oomhook_using_subcommand config; and not __fish_seen_subcommand_from show path help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c oomhook -n "__fish_oomhook_using_subcommand config; and __fish_seen_subcommand_from show" -l url -d 'Tenant root URL, e.g. https://acme.oomnitza.com or http://127.0.0.1:8080 [env: OOMNITZA_URL]. For `send`, where to deliver instead of the webhook\'s own URL' -r
complete -c oomhook -n "__fish_oomhook_using_subcommand config; and __fish_seen_subcommand_from show" -l profile -d 'A named profile from the config file' -r
complete -c oomhook -n "__fish_oomhook_using_subcommand config; and __fish_seen_subcommand_from show" -l config -d 'Config file [default: <config dir>/oomhook/config.toml]' -r -F
complete -c oomhook -n "__fish_oomhook_using_subcommand config; and __fish_seen_subcommand_from show" -s o -l output -d 'Output format [default: table on a terminal, json otherwise]' -r -f -a "table\t'A table for people'
json\t'JSON, for scripts'
yaml\t'YAML, for scripts and files'"
complete -c oomhook -n "__fish_oomhook_using_subcommand config; and __fish_seen_subcommand_from show" -l color -d 'When to use colour' -r -f -a "auto\t'Colour when stderr is a terminal and NO_COLOR is unset'
always\t'Always colour'
never\t'Never colour'"
complete -c oomhook -n "__fish_oomhook_using_subcommand config; and __fish_seen_subcommand_from show" -l presets-dir -d 'Extra folder of presets (adds to and overrides the bundled ones)' -r -F
complete -c oomhook -n "__fish_oomhook_using_subcommand config; and __fish_seen_subcommand_from show" -l no-input -d 'Never prompt; a missing value is an error that names its flag'
complete -c oomhook -n "__fish_oomhook_using_subcommand config; and __fish_seen_subcommand_from show" -s q -l quiet -d 'Less output: only data and errors'
complete -c oomhook -n "__fish_oomhook_using_subcommand config; and __fish_seen_subcommand_from show" -s v -l verbose -d 'More detail on stderr (repeat for more); secrets stay redacted at every level'
complete -c oomhook -n "__fish_oomhook_using_subcommand config; and __fish_seen_subcommand_from show" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c oomhook -n "__fish_oomhook_using_subcommand config; and __fish_seen_subcommand_from show" -s V -l version -d 'Print version'
complete -c oomhook -n "__fish_oomhook_using_subcommand config; and __fish_seen_subcommand_from path" -l url -d 'Tenant root URL, e.g. https://acme.oomnitza.com or http://127.0.0.1:8080 [env: OOMNITZA_URL]. For `send`, where to deliver instead of the webhook\'s own URL' -r
complete -c oomhook -n "__fish_oomhook_using_subcommand config; and __fish_seen_subcommand_from path" -l profile -d 'A named profile from the config file' -r
complete -c oomhook -n "__fish_oomhook_using_subcommand config; and __fish_seen_subcommand_from path" -l config -d 'Config file [default: <config dir>/oomhook/config.toml]' -r -F
complete -c oomhook -n "__fish_oomhook_using_subcommand config; and __fish_seen_subcommand_from path" -s o -l output -d 'Output format [default: table on a terminal, json otherwise]' -r -f -a "table\t'A table for people'
json\t'JSON, for scripts'
yaml\t'YAML, for scripts and files'"
complete -c oomhook -n "__fish_oomhook_using_subcommand config; and __fish_seen_subcommand_from path" -l color -d 'When to use colour' -r -f -a "auto\t'Colour when stderr is a terminal and NO_COLOR is unset'
always\t'Always colour'
never\t'Never colour'"
complete -c oomhook -n "__fish_oomhook_using_subcommand config; and __fish_seen_subcommand_from path" -l presets-dir -d 'Extra folder of presets (adds to and overrides the bundled ones)' -r -F
complete -c oomhook -n "__fish_oomhook_using_subcommand config; and __fish_seen_subcommand_from path" -l no-input -d 'Never prompt; a missing value is an error that names its flag'
complete -c oomhook -n "__fish_oomhook_using_subcommand config; and __fish_seen_subcommand_from path" -s q -l quiet -d 'Less output: only data and errors'
complete -c oomhook -n "__fish_oomhook_using_subcommand config; and __fish_seen_subcommand_from path" -s v -l verbose -d 'More detail on stderr (repeat for more); secrets stay redacted at every level'
complete -c oomhook -n "__fish_oomhook_using_subcommand config; and __fish_seen_subcommand_from path" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c oomhook -n "__fish_oomhook_using_subcommand config; and __fish_seen_subcommand_from path" -s V -l version -d 'Print version'
complete -c oomhook -n "__fish_oomhook_using_subcommand config; and __fish_seen_subcommand_from help" -f -a "show" -d 'Each effective setting and where it came from (secrets redacted)'
complete -c oomhook -n "__fish_oomhook_using_subcommand config; and __fish_seen_subcommand_from help" -f -a "path" -d 'The config file\'s path'
complete -c oomhook -n "__fish_oomhook_using_subcommand config; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c oomhook -n "__fish_oomhook_using_subcommand completions" -l url -d 'Tenant root URL, e.g. https://acme.oomnitza.com or http://127.0.0.1:8080 [env: OOMNITZA_URL]. For `send`, where to deliver instead of the webhook\'s own URL' -r
complete -c oomhook -n "__fish_oomhook_using_subcommand completions" -l profile -d 'A named profile from the config file' -r
complete -c oomhook -n "__fish_oomhook_using_subcommand completions" -l config -d 'Config file [default: <config dir>/oomhook/config.toml]' -r -F
complete -c oomhook -n "__fish_oomhook_using_subcommand completions" -s o -l output -d 'Output format [default: table on a terminal, json otherwise]' -r -f -a "table\t'A table for people'
json\t'JSON, for scripts'
yaml\t'YAML, for scripts and files'"
complete -c oomhook -n "__fish_oomhook_using_subcommand completions" -l color -d 'When to use colour' -r -f -a "auto\t'Colour when stderr is a terminal and NO_COLOR is unset'
always\t'Always colour'
never\t'Never colour'"
complete -c oomhook -n "__fish_oomhook_using_subcommand completions" -l presets-dir -d 'Extra folder of presets (adds to and overrides the bundled ones)' -r -F
complete -c oomhook -n "__fish_oomhook_using_subcommand completions" -l no-input -d 'Never prompt; a missing value is an error that names its flag'
complete -c oomhook -n "__fish_oomhook_using_subcommand completions" -s q -l quiet -d 'Less output: only data and errors'
complete -c oomhook -n "__fish_oomhook_using_subcommand completions" -s v -l verbose -d 'More detail on stderr (repeat for more); secrets stay redacted at every level'
complete -c oomhook -n "__fish_oomhook_using_subcommand completions" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c oomhook -n "__fish_oomhook_using_subcommand completions" -s V -l version -d 'Print version'
complete -c oomhook -n "__fish_oomhook_using_subcommand man" -l url -d 'Tenant root URL, e.g. https://acme.oomnitza.com or http://127.0.0.1:8080 [env: OOMNITZA_URL]. For `send`, where to deliver instead of the webhook\'s own URL' -r
complete -c oomhook -n "__fish_oomhook_using_subcommand man" -l profile -d 'A named profile from the config file' -r
complete -c oomhook -n "__fish_oomhook_using_subcommand man" -l config -d 'Config file [default: <config dir>/oomhook/config.toml]' -r -F
complete -c oomhook -n "__fish_oomhook_using_subcommand man" -s o -l output -d 'Output format [default: table on a terminal, json otherwise]' -r -f -a "table\t'A table for people'
json\t'JSON, for scripts'
yaml\t'YAML, for scripts and files'"
complete -c oomhook -n "__fish_oomhook_using_subcommand man" -l color -d 'When to use colour' -r -f -a "auto\t'Colour when stderr is a terminal and NO_COLOR is unset'
always\t'Always colour'
never\t'Never colour'"
complete -c oomhook -n "__fish_oomhook_using_subcommand man" -l presets-dir -d 'Extra folder of presets (adds to and overrides the bundled ones)' -r -F
complete -c oomhook -n "__fish_oomhook_using_subcommand man" -l no-input -d 'Never prompt; a missing value is an error that names its flag'
complete -c oomhook -n "__fish_oomhook_using_subcommand man" -s q -l quiet -d 'Less output: only data and errors'
complete -c oomhook -n "__fish_oomhook_using_subcommand man" -s v -l verbose -d 'More detail on stderr (repeat for more); secrets stay redacted at every level'
complete -c oomhook -n "__fish_oomhook_using_subcommand man" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c oomhook -n "__fish_oomhook_using_subcommand man" -s V -l version -d 'Print version'
complete -c oomhook -n "__fish_oomhook_using_subcommand preview" -l sample -d 'Which of the preset\'s samples to render against [default: the first]' -r
complete -c oomhook -n "__fish_oomhook_using_subcommand preview" -l payload -d 'Payload file (JSON), or - for stdin' -r
complete -c oomhook -n "__fish_oomhook_using_subcommand preview" -l template -d 'Template file that replaces the preset\'s body' -r -F
complete -c oomhook -n "__fish_oomhook_using_subcommand preview" -l event -d 'Oomnitza event given to the template as `oomnitza_event` [default: the preset\'s]' -r -f -a "create_user\t'Create the user (update it when present)'
update_user\t'Update the user found by the sync keys'
archive_user\t'Archive the user'
create_asset\t'Create the asset (update it when present)'
update_asset\t'Update the asset found by the sync keys'
archive_asset\t'Archive the asset'"
complete -c oomhook -n "__fish_oomhook_using_subcommand preview" -l sync-key -d 'Sync key (repeat, in order) [default: the preset\'s]' -r
complete -c oomhook -n "__fish_oomhook_using_subcommand preview" -l header -d 'Request header given to the template as `headers` (\'Name: value\'; repeat)' -r
complete -c oomhook -n "__fish_oomhook_using_subcommand preview" -l webhook -d 'What a change would do: render the body (or --template) against this webhook\'s recorded payloads and show, per delivery, what differs from what was rendered then' -r
complete -c oomhook -n "__fish_oomhook_using_subcommand preview" -l last -d 'With --webhook: compare the newest N deliveries [default: 10]' -r
complete -c oomhook -n "__fish_oomhook_using_subcommand preview" -l url -d 'Tenant root URL, e.g. https://acme.oomnitza.com or http://127.0.0.1:8080 [env: OOMNITZA_URL]. For `send`, where to deliver instead of the webhook\'s own URL' -r
complete -c oomhook -n "__fish_oomhook_using_subcommand preview" -l profile -d 'A named profile from the config file' -r
complete -c oomhook -n "__fish_oomhook_using_subcommand preview" -l config -d 'Config file [default: <config dir>/oomhook/config.toml]' -r -F
complete -c oomhook -n "__fish_oomhook_using_subcommand preview" -s o -l output -d 'Output format [default: table on a terminal, json otherwise]' -r -f -a "table\t'A table for people'
json\t'JSON, for scripts'
yaml\t'YAML, for scripts and files'"
complete -c oomhook -n "__fish_oomhook_using_subcommand preview" -l color -d 'When to use colour' -r -f -a "auto\t'Colour when stderr is a terminal and NO_COLOR is unset'
always\t'Always colour'
never\t'Never colour'"
complete -c oomhook -n "__fish_oomhook_using_subcommand preview" -l presets-dir -d 'Extra folder of presets (adds to and overrides the bundled ones)' -r -F
complete -c oomhook -n "__fish_oomhook_using_subcommand preview" -l raw -d 'Print exactly what the template rendered, byte for byte, and nothing else'
complete -c oomhook -n "__fish_oomhook_using_subcommand preview" -l ndjson -d 'Read one JSON payload per line from --payload and write one compact body per line'
complete -c oomhook -n "__fish_oomhook_using_subcommand preview" -l lenient -d 'Render undefined variables as empty (as Oomnitza does), with a warning'
complete -c oomhook -n "__fish_oomhook_using_subcommand preview" -l watch -d 'Render again whenever the template, the payload or the preset file is saved (Ctrl-C stops)'
complete -c oomhook -n "__fish_oomhook_using_subcommand preview" -l no-input -d 'Never prompt; a missing value is an error that names its flag'
complete -c oomhook -n "__fish_oomhook_using_subcommand preview" -s q -l quiet -d 'Less output: only data and errors'
complete -c oomhook -n "__fish_oomhook_using_subcommand preview" -s v -l verbose -d 'More detail on stderr (repeat for more); secrets stay redacted at every level'
complete -c oomhook -n "__fish_oomhook_using_subcommand preview" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c oomhook -n "__fish_oomhook_using_subcommand preview" -s V -l version -d 'Print version'
complete -c oomhook -n "__fish_oomhook_using_subcommand add" -l name -d 'Unique webhook name' -r
complete -c oomhook -n "__fish_oomhook_using_subcommand add" -l secret-type -d 'Secret type [default: the preset\'s]' -r -f -a "header\t'Header Secret: you invent it; the vendor sends it verbatim in a header'
hmac\t'HMAC Secret: the vendor generates it and signs each request with it'"
complete -c oomhook -n "__fish_oomhook_using_subcommand add" -l secret-file -d 'Read the secret from a file (its first line)' -r -F
complete -c oomhook -n "__fish_oomhook_using_subcommand add" -l event -d 'Oomnitza event [default: the preset\'s]' -r -f -a "create_user\t'Create the user (update it when present)'
update_user\t'Update the user found by the sync keys'
archive_user\t'Archive the user'
create_asset\t'Create the asset (update it when present)'
update_asset\t'Update the asset found by the sync keys'
archive_asset\t'Archive the asset'"
complete -c oomhook -n "__fish_oomhook_using_subcommand add" -l body-file -d 'Body template file [default: the preset\'s body]' -r -F
complete -c oomhook -n "__fish_oomhook_using_subcommand add" -l sync-key -d 'Sync key, in order; repeat for more [default: the preset\'s]' -r
complete -c oomhook -n "__fish_oomhook_using_subcommand add" -l preset -d 'Vendor preset id' -r -f -a "ashby-candidate-hired\t''
auth0-user-created\t''
auth0-user-deleted\t''
auth0-user-updated\t''
bamboohr-employee-deleted\t''
bamboohr-employee-updated\t''
deel-contract-terminated\t''
deel-contractor-created\t''
entra-id-user-created\t''
entra-id-user-deleted\t''
entra-id-user-updated\t''
freshservice-onboarding-user-created\t''
github-member-added\t''
github-member-removed\t''
gitlab-user-created\t''
gitlab-user-destroyed\t''
gitlab-user-renamed\t''
google-workspace-user-added\t''
google-workspace-user-deleted\t''
greenhouse-candidate-hired\t''
hibob-employee-created\t''
hibob-employee-deleted\t''
hibob-employee-left\t''
intune-managed-device-created\t''
intune-managed-device-deleted\t''
jamf-computer-added\t''
jamf-computer-inventory-completed\t''
jira-user-created\t''
jira-user-deleted\t''
jira-user-updated\t''
jumpcloud-user-created\t''
okta-user-created\t''
okta-user-deactivated\t''
okta-user-profile-updated\t''
okta-user-suspended\t''
rippling-employee-created\t''
slack-team-join\t''
slack-user-change\t''
standard-webhooks-user-created\t''
standard-webhooks-user-deleted\t''
workspace-one-device-enrolled\t''
workspace-one-device-unenrolled\t''
zendesk-user-created\t''
zoom-user-created\t''
zoom-user-deactivated\t''
zoom-user-updated\t''"
complete -c oomhook -n "__fish_oomhook_using_subcommand add" -l url -d 'Tenant root URL, e.g. https://acme.oomnitza.com or http://127.0.0.1:8080 [env: OOMNITZA_URL]. For `send`, where to deliver instead of the webhook\'s own URL' -r
complete -c oomhook -n "__fish_oomhook_using_subcommand add" -l profile -d 'A named profile from the config file' -r
complete -c oomhook -n "__fish_oomhook_using_subcommand add" -l config -d 'Config file [default: <config dir>/oomhook/config.toml]' -r -F
complete -c oomhook -n "__fish_oomhook_using_subcommand add" -s o -l output -d 'Output format [default: table on a terminal, json otherwise]' -r -f -a "table\t'A table for people'
json\t'JSON, for scripts'
yaml\t'YAML, for scripts and files'"
complete -c oomhook -n "__fish_oomhook_using_subcommand add" -l color -d 'When to use colour' -r -f -a "auto\t'Colour when stderr is a terminal and NO_COLOR is unset'
always\t'Always colour'
never\t'Never colour'"
complete -c oomhook -n "__fish_oomhook_using_subcommand add" -l presets-dir -d 'Extra folder of presets (adds to and overrides the bundled ones)' -r -F
complete -c oomhook -n "__fish_oomhook_using_subcommand add" -l secret-stdin -d 'Read the secret from stdin'
complete -c oomhook -n "__fish_oomhook_using_subcommand add" -l generate-secret -d 'Generate a strong header secret (printed once)'
complete -c oomhook -n "__fish_oomhook_using_subcommand add" -l disabled -d 'Create (or set) the webhook disabled'
complete -c oomhook -n "__fish_oomhook_using_subcommand add" -l skip-body-check -d 'Store a body that fails to render against one of the preset\'s samples (by default it is refused, since the vendor\'s deliveries like it would be refused)'
complete -c oomhook -n "__fish_oomhook_using_subcommand add" -l dry-run -d 'Print the request that would be sent (secret redacted) and stop'
complete -c oomhook -n "__fish_oomhook_using_subcommand add" -s y -l yes -d 'Do not ask for confirmation'
complete -c oomhook -n "__fish_oomhook_using_subcommand add" -l no-input -d 'Never prompt; a missing value is an error that names its flag'
complete -c oomhook -n "__fish_oomhook_using_subcommand add" -s q -l quiet -d 'Less output: only data and errors'
complete -c oomhook -n "__fish_oomhook_using_subcommand add" -s v -l verbose -d 'More detail on stderr (repeat for more); secrets stay redacted at every level'
complete -c oomhook -n "__fish_oomhook_using_subcommand add" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c oomhook -n "__fish_oomhook_using_subcommand add" -s V -l version -d 'Print version'
complete -c oomhook -n "__fish_oomhook_using_subcommand sign" -l payload -d 'Payload file, or - for stdin [default: the preset\'s first sample]' -r
complete -c oomhook -n "__fish_oomhook_using_subcommand sign" -l timestamp -d 'Timestamp to sign with, unix seconds [default: now]' -r
complete -c oomhook -n "__fish_oomhook_using_subcommand sign" -l id -d 'Message id, for schemes that sign one (Standard Webhooks) [default: a new one]' -r
complete -c oomhook -n "__fish_oomhook_using_subcommand sign" -l secret-type -d 'Secret type whose scheme to use [default: the preset\'s]' -r -f -a "header\t'Header Secret: you invent it; the vendor sends it verbatim in a header'
hmac\t'HMAC Secret: the vendor generates it and signs each request with it'"
complete -c oomhook -n "__fish_oomhook_using_subcommand sign" -l secret-file -d 'Read the secret from a file (its first line)' -r -F
complete -c oomhook -n "__fish_oomhook_using_subcommand sign" -l preset -d 'Vendor preset id (its signature scheme)' -r -f -a "ashby-candidate-hired\t''
auth0-user-created\t''
auth0-user-deleted\t''
auth0-user-updated\t''
bamboohr-employee-deleted\t''
bamboohr-employee-updated\t''
deel-contract-terminated\t''
deel-contractor-created\t''
entra-id-user-created\t''
entra-id-user-deleted\t''
entra-id-user-updated\t''
freshservice-onboarding-user-created\t''
github-member-added\t''
github-member-removed\t''
gitlab-user-created\t''
gitlab-user-destroyed\t''
gitlab-user-renamed\t''
google-workspace-user-added\t''
google-workspace-user-deleted\t''
greenhouse-candidate-hired\t''
hibob-employee-created\t''
hibob-employee-deleted\t''
hibob-employee-left\t''
intune-managed-device-created\t''
intune-managed-device-deleted\t''
jamf-computer-added\t''
jamf-computer-inventory-completed\t''
jira-user-created\t''
jira-user-deleted\t''
jira-user-updated\t''
jumpcloud-user-created\t''
okta-user-created\t''
okta-user-deactivated\t''
okta-user-profile-updated\t''
okta-user-suspended\t''
rippling-employee-created\t''
slack-team-join\t''
slack-user-change\t''
standard-webhooks-user-created\t''
standard-webhooks-user-deleted\t''
workspace-one-device-enrolled\t''
workspace-one-device-unenrolled\t''
zendesk-user-created\t''
zoom-user-created\t''
zoom-user-deactivated\t''
zoom-user-updated\t''"
complete -c oomhook -n "__fish_oomhook_using_subcommand sign" -l url -d 'Tenant root URL, e.g. https://acme.oomnitza.com or http://127.0.0.1:8080 [env: OOMNITZA_URL]. For `send`, where to deliver instead of the webhook\'s own URL' -r
complete -c oomhook -n "__fish_oomhook_using_subcommand sign" -l profile -d 'A named profile from the config file' -r
complete -c oomhook -n "__fish_oomhook_using_subcommand sign" -l config -d 'Config file [default: <config dir>/oomhook/config.toml]' -r -F
complete -c oomhook -n "__fish_oomhook_using_subcommand sign" -s o -l output -d 'Output format [default: table on a terminal, json otherwise]' -r -f -a "table\t'A table for people'
json\t'JSON, for scripts'
yaml\t'YAML, for scripts and files'"
complete -c oomhook -n "__fish_oomhook_using_subcommand sign" -l color -d 'When to use colour' -r -f -a "auto\t'Colour when stderr is a terminal and NO_COLOR is unset'
always\t'Always colour'
never\t'Never colour'"
complete -c oomhook -n "__fish_oomhook_using_subcommand sign" -l presets-dir -d 'Extra folder of presets (adds to and overrides the bundled ones)' -r -F
complete -c oomhook -n "__fish_oomhook_using_subcommand sign" -l secret-stdin -d 'Read the secret from stdin'
complete -c oomhook -n "__fish_oomhook_using_subcommand sign" -l no-input -d 'Never prompt; a missing value is an error that names its flag'
complete -c oomhook -n "__fish_oomhook_using_subcommand sign" -s q -l quiet -d 'Less output: only data and errors'
complete -c oomhook -n "__fish_oomhook_using_subcommand sign" -s v -l verbose -d 'More detail on stderr (repeat for more); secrets stay redacted at every level'
complete -c oomhook -n "__fish_oomhook_using_subcommand sign" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c oomhook -n "__fish_oomhook_using_subcommand sign" -s V -l version -d 'Print version'
complete -c oomhook -n "__fish_oomhook_using_subcommand verify" -l payload -d 'The raw request body, or - for stdin' -r
complete -c oomhook -n "__fish_oomhook_using_subcommand verify" -l header -d 'A request header as received (\'Name: value\'; repeat)' -r
complete -c oomhook -n "__fish_oomhook_using_subcommand verify" -l tolerance -d 'Seconds a timestamp may be off (0: do not check) [default: the preset\'s]' -r
complete -c oomhook -n "__fish_oomhook_using_subcommand verify" -l now -d 'Check against this time (unix seconds) instead of now' -r
complete -c oomhook -n "__fish_oomhook_using_subcommand verify" -l secret-type -d 'Secret type whose scheme to use [default: the preset\'s]' -r -f -a "header\t'Header Secret: you invent it; the vendor sends it verbatim in a header'
hmac\t'HMAC Secret: the vendor generates it and signs each request with it'"
complete -c oomhook -n "__fish_oomhook_using_subcommand verify" -l secret-file -d 'Read the secret from a file (its first line)' -r -F
complete -c oomhook -n "__fish_oomhook_using_subcommand verify" -l preset -d 'Vendor preset id (its signature scheme)' -r -f -a "ashby-candidate-hired\t''
auth0-user-created\t''
auth0-user-deleted\t''
auth0-user-updated\t''
bamboohr-employee-deleted\t''
bamboohr-employee-updated\t''
deel-contract-terminated\t''
deel-contractor-created\t''
entra-id-user-created\t''
entra-id-user-deleted\t''
entra-id-user-updated\t''
freshservice-onboarding-user-created\t''
github-member-added\t''
github-member-removed\t''
gitlab-user-created\t''
gitlab-user-destroyed\t''
gitlab-user-renamed\t''
google-workspace-user-added\t''
google-workspace-user-deleted\t''
greenhouse-candidate-hired\t''
hibob-employee-created\t''
hibob-employee-deleted\t''
hibob-employee-left\t''
intune-managed-device-created\t''
intune-managed-device-deleted\t''
jamf-computer-added\t''
jamf-computer-inventory-completed\t''
jira-user-created\t''
jira-user-deleted\t''
jira-user-updated\t''
jumpcloud-user-created\t''
okta-user-created\t''
okta-user-deactivated\t''
okta-user-profile-updated\t''
okta-user-suspended\t''
rippling-employee-created\t''
slack-team-join\t''
slack-user-change\t''
standard-webhooks-user-created\t''
standard-webhooks-user-deleted\t''
workspace-one-device-enrolled\t''
workspace-one-device-unenrolled\t''
zendesk-user-created\t''
zoom-user-created\t''
zoom-user-deactivated\t''
zoom-user-updated\t''"
complete -c oomhook -n "__fish_oomhook_using_subcommand verify" -l url -d 'Tenant root URL, e.g. https://acme.oomnitza.com or http://127.0.0.1:8080 [env: OOMNITZA_URL]. For `send`, where to deliver instead of the webhook\'s own URL' -r
complete -c oomhook -n "__fish_oomhook_using_subcommand verify" -l profile -d 'A named profile from the config file' -r
complete -c oomhook -n "__fish_oomhook_using_subcommand verify" -l config -d 'Config file [default: <config dir>/oomhook/config.toml]' -r -F
complete -c oomhook -n "__fish_oomhook_using_subcommand verify" -s o -l output -d 'Output format [default: table on a terminal, json otherwise]' -r -f -a "table\t'A table for people'
json\t'JSON, for scripts'
yaml\t'YAML, for scripts and files'"
complete -c oomhook -n "__fish_oomhook_using_subcommand verify" -l color -d 'When to use colour' -r -f -a "auto\t'Colour when stderr is a terminal and NO_COLOR is unset'
always\t'Always colour'
never\t'Never colour'"
complete -c oomhook -n "__fish_oomhook_using_subcommand verify" -l presets-dir -d 'Extra folder of presets (adds to and overrides the bundled ones)' -r -F
complete -c oomhook -n "__fish_oomhook_using_subcommand verify" -l secret-stdin -d 'Read the secret from stdin'
complete -c oomhook -n "__fish_oomhook_using_subcommand verify" -l no-input -d 'Never prompt; a missing value is an error that names its flag'
complete -c oomhook -n "__fish_oomhook_using_subcommand verify" -s q -l quiet -d 'Less output: only data and errors'
complete -c oomhook -n "__fish_oomhook_using_subcommand verify" -s v -l verbose -d 'More detail on stderr (repeat for more); secrets stay redacted at every level'
complete -c oomhook -n "__fish_oomhook_using_subcommand verify" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c oomhook -n "__fish_oomhook_using_subcommand verify" -s V -l version -d 'Print version'
complete -c oomhook -n "__fish_oomhook_using_subcommand presets; and not __fish_seen_subcommand_from list ls show help" -l url -d 'Tenant root URL, e.g. https://acme.oomnitza.com or http://127.0.0.1:8080 [env: OOMNITZA_URL]. For `send`, where to deliver instead of the webhook\'s own URL' -r
complete -c oomhook -n "__fish_oomhook_using_subcommand presets; and not __fish_seen_subcommand_from list ls show help" -l profile -d 'A named profile from the config file' -r
complete -c oomhook -n "__fish_oomhook_using_subcommand presets; and not __fish_seen_subcommand_from list ls show help" -l config -d 'Config file [default: <config dir>/oomhook/config.toml]' -r -F
complete -c oomhook -n "__fish_oomhook_using_subcommand presets; and not __fish_seen_subcommand_from list ls show help" -s o -l output -d 'Output format [default: table on a terminal, json otherwise]' -r -f -a "table\t'A table for people'
json\t'JSON, for scripts'
yaml\t'YAML, for scripts and files'"
complete -c oomhook -n "__fish_oomhook_using_subcommand presets; and not __fish_seen_subcommand_from list ls show help" -l color -d 'When to use colour' -r -f -a "auto\t'Colour when stderr is a terminal and NO_COLOR is unset'
always\t'Always colour'
never\t'Never colour'"
complete -c oomhook -n "__fish_oomhook_using_subcommand presets; and not __fish_seen_subcommand_from list ls show help" -l presets-dir -d 'Extra folder of presets (adds to and overrides the bundled ones)' -r -F
complete -c oomhook -n "__fish_oomhook_using_subcommand presets; and not __fish_seen_subcommand_from list ls show help" -l no-input -d 'Never prompt; a missing value is an error that names its flag'
complete -c oomhook -n "__fish_oomhook_using_subcommand presets; and not __fish_seen_subcommand_from list ls show help" -s q -l quiet -d 'Less output: only data and errors'
complete -c oomhook -n "__fish_oomhook_using_subcommand presets; and not __fish_seen_subcommand_from list ls show help" -s v -l verbose -d 'More detail on stderr (repeat for more); secrets stay redacted at every level'
complete -c oomhook -n "__fish_oomhook_using_subcommand presets; and not __fish_seen_subcommand_from list ls show help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c oomhook -n "__fish_oomhook_using_subcommand presets; and not __fish_seen_subcommand_from list ls show help" -s V -l version -d 'Print version'
complete -c oomhook -n "__fish_oomhook_using_subcommand presets; and not __fish_seen_subcommand_from list ls show help" -f -a "list" -d 'List the presets'
complete -c oomhook -n "__fish_oomhook_using_subcommand presets; and not __fish_seen_subcommand_from list ls show help" -f -a "ls" -d 'List the presets'
complete -c oomhook -n "__fish_oomhook_using_subcommand presets; and not __fish_seen_subcommand_from list ls show help" -f -a "show" -d 'Show one preset'
complete -c oomhook -n "__fish_oomhook_using_subcommand presets; and not __fish_seen_subcommand_from list ls show help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c oomhook -n "__fish_oomhook_using_subcommand presets; and __fish_seen_subcommand_from list" -l vendor -d 'Only presets of this vendor' -r
complete -c oomhook -n "__fish_oomhook_using_subcommand presets; and __fish_seen_subcommand_from list" -l url -d 'Tenant root URL, e.g. https://acme.oomnitza.com or http://127.0.0.1:8080 [env: OOMNITZA_URL]. For `send`, where to deliver instead of the webhook\'s own URL' -r
complete -c oomhook -n "__fish_oomhook_using_subcommand presets; and __fish_seen_subcommand_from list" -l profile -d 'A named profile from the config file' -r
complete -c oomhook -n "__fish_oomhook_using_subcommand presets; and __fish_seen_subcommand_from list" -l config -d 'Config file [default: <config dir>/oomhook/config.toml]' -r -F
complete -c oomhook -n "__fish_oomhook_using_subcommand presets; and __fish_seen_subcommand_from list" -s o -l output -d 'Output format [default: table on a terminal, json otherwise]' -r -f -a "table\t'A table for people'
json\t'JSON, for scripts'
yaml\t'YAML, for scripts and files'"
complete -c oomhook -n "__fish_oomhook_using_subcommand presets; and __fish_seen_subcommand_from list" -l color -d 'When to use colour' -r -f -a "auto\t'Colour when stderr is a terminal and NO_COLOR is unset'
always\t'Always colour'
never\t'Never colour'"
complete -c oomhook -n "__fish_oomhook_using_subcommand presets; and __fish_seen_subcommand_from list" -l presets-dir -d 'Extra folder of presets (adds to and overrides the bundled ones)' -r -F
complete -c oomhook -n "__fish_oomhook_using_subcommand presets; and __fish_seen_subcommand_from list" -l no-input -d 'Never prompt; a missing value is an error that names its flag'
complete -c oomhook -n "__fish_oomhook_using_subcommand presets; and __fish_seen_subcommand_from list" -s q -l quiet -d 'Less output: only data and errors'
complete -c oomhook -n "__fish_oomhook_using_subcommand presets; and __fish_seen_subcommand_from list" -s v -l verbose -d 'More detail on stderr (repeat for more); secrets stay redacted at every level'
complete -c oomhook -n "__fish_oomhook_using_subcommand presets; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c oomhook -n "__fish_oomhook_using_subcommand presets; and __fish_seen_subcommand_from list" -s V -l version -d 'Print version'
complete -c oomhook -n "__fish_oomhook_using_subcommand presets; and __fish_seen_subcommand_from ls" -l vendor -d 'Only presets of this vendor' -r
complete -c oomhook -n "__fish_oomhook_using_subcommand presets; and __fish_seen_subcommand_from ls" -l url -d 'Tenant root URL, e.g. https://acme.oomnitza.com or http://127.0.0.1:8080 [env: OOMNITZA_URL]. For `send`, where to deliver instead of the webhook\'s own URL' -r
complete -c oomhook -n "__fish_oomhook_using_subcommand presets; and __fish_seen_subcommand_from ls" -l profile -d 'A named profile from the config file' -r
complete -c oomhook -n "__fish_oomhook_using_subcommand presets; and __fish_seen_subcommand_from ls" -l config -d 'Config file [default: <config dir>/oomhook/config.toml]' -r -F
complete -c oomhook -n "__fish_oomhook_using_subcommand presets; and __fish_seen_subcommand_from ls" -s o -l output -d 'Output format [default: table on a terminal, json otherwise]' -r -f -a "table\t'A table for people'
json\t'JSON, for scripts'
yaml\t'YAML, for scripts and files'"
complete -c oomhook -n "__fish_oomhook_using_subcommand presets; and __fish_seen_subcommand_from ls" -l color -d 'When to use colour' -r -f -a "auto\t'Colour when stderr is a terminal and NO_COLOR is unset'
always\t'Always colour'
never\t'Never colour'"
complete -c oomhook -n "__fish_oomhook_using_subcommand presets; and __fish_seen_subcommand_from ls" -l presets-dir -d 'Extra folder of presets (adds to and overrides the bundled ones)' -r -F
complete -c oomhook -n "__fish_oomhook_using_subcommand presets; and __fish_seen_subcommand_from ls" -l no-input -d 'Never prompt; a missing value is an error that names its flag'
complete -c oomhook -n "__fish_oomhook_using_subcommand presets; and __fish_seen_subcommand_from ls" -s q -l quiet -d 'Less output: only data and errors'
complete -c oomhook -n "__fish_oomhook_using_subcommand presets; and __fish_seen_subcommand_from ls" -s v -l verbose -d 'More detail on stderr (repeat for more); secrets stay redacted at every level'
complete -c oomhook -n "__fish_oomhook_using_subcommand presets; and __fish_seen_subcommand_from ls" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c oomhook -n "__fish_oomhook_using_subcommand presets; and __fish_seen_subcommand_from ls" -s V -l version -d 'Print version'
complete -c oomhook -n "__fish_oomhook_using_subcommand presets; and __fish_seen_subcommand_from show" -l sample -d 'Print this sample payload, exactly as `send` sends it (JSON, byte for byte); the sample names are listed by `presets show PRESET`' -r
complete -c oomhook -n "__fish_oomhook_using_subcommand presets; and __fish_seen_subcommand_from show" -l url -d 'Tenant root URL, e.g. https://acme.oomnitza.com or http://127.0.0.1:8080 [env: OOMNITZA_URL]. For `send`, where to deliver instead of the webhook\'s own URL' -r
complete -c oomhook -n "__fish_oomhook_using_subcommand presets; and __fish_seen_subcommand_from show" -l profile -d 'A named profile from the config file' -r
complete -c oomhook -n "__fish_oomhook_using_subcommand presets; and __fish_seen_subcommand_from show" -l config -d 'Config file [default: <config dir>/oomhook/config.toml]' -r -F
complete -c oomhook -n "__fish_oomhook_using_subcommand presets; and __fish_seen_subcommand_from show" -s o -l output -d 'Output format [default: table on a terminal, json otherwise]' -r -f -a "table\t'A table for people'
json\t'JSON, for scripts'
yaml\t'YAML, for scripts and files'"
complete -c oomhook -n "__fish_oomhook_using_subcommand presets; and __fish_seen_subcommand_from show" -l color -d 'When to use colour' -r -f -a "auto\t'Colour when stderr is a terminal and NO_COLOR is unset'
always\t'Always colour'
never\t'Never colour'"
complete -c oomhook -n "__fish_oomhook_using_subcommand presets; and __fish_seen_subcommand_from show" -l presets-dir -d 'Extra folder of presets (adds to and overrides the bundled ones)' -r -F
complete -c oomhook -n "__fish_oomhook_using_subcommand presets; and __fish_seen_subcommand_from show" -l template -d 'Print only the body template, byte for byte'
complete -c oomhook -n "__fish_oomhook_using_subcommand presets; and __fish_seen_subcommand_from show" -l no-input -d 'Never prompt; a missing value is an error that names its flag'
complete -c oomhook -n "__fish_oomhook_using_subcommand presets; and __fish_seen_subcommand_from show" -s q -l quiet -d 'Less output: only data and errors'
complete -c oomhook -n "__fish_oomhook_using_subcommand presets; and __fish_seen_subcommand_from show" -s v -l verbose -d 'More detail on stderr (repeat for more); secrets stay redacted at every level'
complete -c oomhook -n "__fish_oomhook_using_subcommand presets; and __fish_seen_subcommand_from show" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c oomhook -n "__fish_oomhook_using_subcommand presets; and __fish_seen_subcommand_from show" -s V -l version -d 'Print version'
complete -c oomhook -n "__fish_oomhook_using_subcommand presets; and __fish_seen_subcommand_from help" -f -a "list" -d 'List the presets'
complete -c oomhook -n "__fish_oomhook_using_subcommand presets; and __fish_seen_subcommand_from help" -f -a "show" -d 'Show one preset'
complete -c oomhook -n "__fish_oomhook_using_subcommand presets; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c oomhook -n "__fish_oomhook_using_subcommand help; and not __fish_seen_subcommand_from validate test serve list show update delete deliveries replay apply export send login logout whoami config completions man preview add sign verify presets help" -f -a "validate" -d 'Check presets: schema, template syntax, every sample renders with its sync keys'
complete -c oomhook -n "__fish_oomhook_using_subcommand help; and not __fish_seen_subcommand_from validate test serve list show update delete deliveries replay apply export send login logout whoami config completions man preview add sign verify presets help" -f -a "test" -d 'Render every sample of every preset and compare with its expected bodies, for CI'
complete -c oomhook -n "__fish_oomhook_using_subcommand help; and not __fish_seen_subcommand_from validate test serve list show update delete deliveries replay apply export send login logout whoami config completions man preview add sign verify presets help" -f -a "serve" -d 'Run a local Oomnitza-compatible server'
complete -c oomhook -n "__fish_oomhook_using_subcommand help; and not __fish_seen_subcommand_from validate test serve list show update delete deliveries replay apply export send login logout whoami config completions man preview add sign verify presets help" -f -a "list" -d 'List the webhooks on the server'
complete -c oomhook -n "__fish_oomhook_using_subcommand help; and not __fish_seen_subcommand_from validate test serve list show update delete deliveries replay apply export send login logout whoami config completions man preview add sign verify presets help" -f -a "show" -d 'Show one webhook'
complete -c oomhook -n "__fish_oomhook_using_subcommand help; and not __fish_seen_subcommand_from validate test serve list show update delete deliveries replay apply export send login logout whoami config completions man preview add sign verify presets help" -f -a "update" -d 'Change fields of a webhook'
complete -c oomhook -n "__fish_oomhook_using_subcommand help; and not __fish_seen_subcommand_from validate test serve list show update delete deliveries replay apply export send login logout whoami config completions man preview add sign verify presets help" -f -a "delete" -d 'Delete a webhook'
complete -c oomhook -n "__fish_oomhook_using_subcommand help; and not __fish_seen_subcommand_from validate test serve list show update delete deliveries replay apply export send login logout whoami config completions man preview add sign verify presets help" -f -a "deliveries" -d 'Show the delivery log of a webhook'
complete -c oomhook -n "__fish_oomhook_using_subcommand help; and not __fish_seen_subcommand_from validate test serve list show update delete deliveries replay apply export send login logout whoami config completions man preview add sign verify presets help" -f -a "replay" -d 'Run recorded deliveries again through the webhook\'s current body, event and sync keys'
complete -c oomhook -n "__fish_oomhook_using_subcommand help; and not __fish_seen_subcommand_from validate test serve list show update delete deliveries replay apply export send login logout whoami config completions man preview add sign verify presets help" -f -a "apply" -d 'Make the server\'s webhooks match a YAML file (create, update, prune)'
complete -c oomhook -n "__fish_oomhook_using_subcommand help; and not __fish_seen_subcommand_from validate test serve list show update delete deliveries replay apply export send login logout whoami config completions man preview add sign verify presets help" -f -a "export" -d 'Write the server\'s webhooks as an apply file on stdout'
complete -c oomhook -n "__fish_oomhook_using_subcommand help; and not __fish_seen_subcommand_from validate test serve list show update delete deliveries replay apply export send login logout whoami config completions man preview add sign verify presets help" -f -a "send" -d 'Deliver a sample event to a webhook, signed as the vendor signs it'
complete -c oomhook -n "__fish_oomhook_using_subcommand help; and not __fish_seen_subcommand_from validate test serve list show update delete deliveries replay apply export send login logout whoami config completions man preview add sign verify presets help" -f -a "login" -d 'Check an API token against the server and store it in the OS keyring'
complete -c oomhook -n "__fish_oomhook_using_subcommand help; and not __fish_seen_subcommand_from validate test serve list show update delete deliveries replay apply export send login logout whoami config completions man preview add sign verify presets help" -f -a "logout" -d 'Forget the stored API token of the profile'
complete -c oomhook -n "__fish_oomhook_using_subcommand help; and not __fish_seen_subcommand_from validate test serve list show update delete deliveries replay apply export send login logout whoami config completions man preview add sign verify presets help" -f -a "whoami" -d 'Show the server, the profile and where the token came from (never the token)'
complete -c oomhook -n "__fish_oomhook_using_subcommand help; and not __fish_seen_subcommand_from validate test serve list show update delete deliveries replay apply export send login logout whoami config completions man preview add sign verify presets help" -f -a "config" -d 'Show the effective configuration'
complete -c oomhook -n "__fish_oomhook_using_subcommand help; and not __fish_seen_subcommand_from validate test serve list show update delete deliveries replay apply export send login logout whoami config completions man preview add sign verify presets help" -f -a "completions" -d 'Print shell completions (`--help` says where to put them)'
complete -c oomhook -n "__fish_oomhook_using_subcommand help; and not __fish_seen_subcommand_from validate test serve list show update delete deliveries replay apply export send login logout whoami config completions man preview add sign verify presets help" -f -a "man" -d 'Write the man page (roff) to stdout'
complete -c oomhook -n "__fish_oomhook_using_subcommand help; and not __fish_seen_subcommand_from validate test serve list show update delete deliveries replay apply export send login logout whoami config completions man preview add sign verify presets help" -f -a "preview" -d 'Render a preset\'s body (or any template) against a sample payload, offline'
complete -c oomhook -n "__fish_oomhook_using_subcommand help; and not __fish_seen_subcommand_from validate test serve list show update delete deliveries replay apply export send login logout whoami config completions man preview add sign verify presets help" -f -a "add" -d 'Create a webhook from a vendor preset (asks for missing values on a terminal)'
complete -c oomhook -n "__fish_oomhook_using_subcommand help; and not __fish_seen_subcommand_from validate test serve list show update delete deliveries replay apply export send login logout whoami config completions man preview add sign verify presets help" -f -a "sign" -d 'Print the headers a vendor would send for a payload'
complete -c oomhook -n "__fish_oomhook_using_subcommand help; and not __fish_seen_subcommand_from validate test serve list show update delete deliveries replay apply export send login logout whoami config completions man preview add sign verify presets help" -f -a "verify" -d 'Check a vendor request\'s signature or header secret'
complete -c oomhook -n "__fish_oomhook_using_subcommand help; and not __fish_seen_subcommand_from validate test serve list show update delete deliveries replay apply export send login logout whoami config completions man preview add sign verify presets help" -f -a "presets" -d 'Browse the bundled (and your own) vendor presets'
complete -c oomhook -n "__fish_oomhook_using_subcommand help; and not __fish_seen_subcommand_from validate test serve list show update delete deliveries replay apply export send login logout whoami config completions man preview add sign verify presets help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c oomhook -n "__fish_oomhook_using_subcommand help; and __fish_seen_subcommand_from config" -f -a "show" -d 'Each effective setting and where it came from (secrets redacted)'
complete -c oomhook -n "__fish_oomhook_using_subcommand help; and __fish_seen_subcommand_from config" -f -a "path" -d 'The config file\'s path'
complete -c oomhook -n "__fish_oomhook_using_subcommand help; and __fish_seen_subcommand_from presets" -f -a "list" -d 'List the presets'
complete -c oomhook -n "__fish_oomhook_using_subcommand help; and __fish_seen_subcommand_from presets" -f -a "show" -d 'Show one preset'
