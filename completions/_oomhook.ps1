
using namespace System.Management.Automation
using namespace System.Management.Automation.Language

Register-ArgumentCompleter -Native -CommandName 'oomhook' -ScriptBlock {
    param($wordToComplete, $commandAst, $cursorPosition)

    $commandElements = $commandAst.CommandElements
    $command = @(
        'oomhook'
        for ($i = 1; $i -lt $commandElements.Count; $i++) {
            $element = $commandElements[$i]
            if ($element -isnot [StringConstantExpressionAst] -or
                $element.StringConstantType -ne [StringConstantType]::BareWord -or
                $element.Value.StartsWith('-') -or
                $element.Value -eq $wordToComplete) {
                break
        }
        $element.Value
    }) -join ';'

    $completions = @(switch ($command) {
        'oomhook' {
            [CompletionResult]::new('--url', '--url', [CompletionResultType]::ParameterName, 'Tenant root URL, e.g. https://acme.oomnitza.com or http://127.0.0.1:8080 [env: OOMNITZA_URL]. For `send`, where to deliver instead of the webhook''s own URL')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'A named profile from the config file')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [default: <config dir>/oomhook/config.toml]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format [default: table on a terminal, json otherwise]')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format [default: table on a terminal, json otherwise]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour')
            [CompletionResult]::new('--presets-dir', '--presets-dir', [CompletionResultType]::ParameterName, 'Extra folder of presets (adds to and overrides the bundled ones)')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; a missing value is an error that names its flag')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Less output: only data and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Less output: only data and errors')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More detail on stderr (repeat for more); secrets stay redacted at every level')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More detail on stderr (repeat for more); secrets stay redacted at every level')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('validate', 'validate', [CompletionResultType]::ParameterValue, 'Check presets: schema, template syntax, every sample renders with its sync keys')
            [CompletionResult]::new('test', 'test', [CompletionResultType]::ParameterValue, 'Render every sample of every preset and compare with its expected bodies, for CI')
            [CompletionResult]::new('serve', 'serve', [CompletionResultType]::ParameterValue, 'Run a local Oomnitza-compatible server')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List the webhooks on the server')
            [CompletionResult]::new('ls', 'ls', [CompletionResultType]::ParameterValue, 'List the webhooks on the server')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Show one webhook')
            [CompletionResult]::new('update', 'update', [CompletionResultType]::ParameterValue, 'Change fields of a webhook')
            [CompletionResult]::new('delete', 'delete', [CompletionResultType]::ParameterValue, 'Delete a webhook')
            [CompletionResult]::new('rm', 'rm', [CompletionResultType]::ParameterValue, 'Delete a webhook')
            [CompletionResult]::new('deliveries', 'deliveries', [CompletionResultType]::ParameterValue, 'Show the delivery log of a webhook')
            [CompletionResult]::new('replay', 'replay', [CompletionResultType]::ParameterValue, 'Run recorded deliveries again through the webhook''s current body, event and sync keys')
            [CompletionResult]::new('apply', 'apply', [CompletionResultType]::ParameterValue, 'Make the server''s webhooks match a YAML file (create, update, prune)')
            [CompletionResult]::new('export', 'export', [CompletionResultType]::ParameterValue, 'Write the server''s webhooks as an apply file on stdout')
            [CompletionResult]::new('send', 'send', [CompletionResultType]::ParameterValue, 'Deliver a sample event to a webhook, signed as the vendor signs it')
            [CompletionResult]::new('login', 'login', [CompletionResultType]::ParameterValue, 'Check an API token against the server and store it in the OS keyring')
            [CompletionResult]::new('logout', 'logout', [CompletionResultType]::ParameterValue, 'Forget the stored API token of the profile')
            [CompletionResult]::new('whoami', 'whoami', [CompletionResultType]::ParameterValue, 'Show the server, the profile and where the token came from (never the token)')
            [CompletionResult]::new('config', 'config', [CompletionResultType]::ParameterValue, 'Show the effective configuration')
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Print shell completions (`--help` says where to put them)')
            [CompletionResult]::new('man', 'man', [CompletionResultType]::ParameterValue, 'Write the man page (roff) to stdout')
            [CompletionResult]::new('preview', 'preview', [CompletionResultType]::ParameterValue, 'Render a preset''s body (or any template) against a sample payload, offline')
            [CompletionResult]::new('add', 'add', [CompletionResultType]::ParameterValue, 'Create a webhook from a vendor preset (asks for missing values on a terminal)')
            [CompletionResult]::new('sign', 'sign', [CompletionResultType]::ParameterValue, 'Print the headers a vendor would send for a payload')
            [CompletionResult]::new('verify', 'verify', [CompletionResultType]::ParameterValue, 'Check a vendor request''s signature or header secret')
            [CompletionResult]::new('presets', 'presets', [CompletionResultType]::ParameterValue, 'Browse the bundled (and your own) vendor presets')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'oomhook;validate' {
            [CompletionResult]::new('--url', '--url', [CompletionResultType]::ParameterName, 'Tenant root URL, e.g. https://acme.oomnitza.com or http://127.0.0.1:8080 [env: OOMNITZA_URL]. For `send`, where to deliver instead of the webhook''s own URL')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'A named profile from the config file')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [default: <config dir>/oomhook/config.toml]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format [default: table on a terminal, json otherwise]')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format [default: table on a terminal, json otherwise]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour')
            [CompletionResult]::new('--presets-dir', '--presets-dir', [CompletionResultType]::ParameterName, 'Extra folder of presets (adds to and overrides the bundled ones)')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; a missing value is an error that names its flag')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Less output: only data and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Less output: only data and errors')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More detail on stderr (repeat for more); secrets stay redacted at every level')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More detail on stderr (repeat for more); secrets stay redacted at every level')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'oomhook;test' {
            [CompletionResult]::new('--url', '--url', [CompletionResultType]::ParameterName, 'Tenant root URL, e.g. https://acme.oomnitza.com or http://127.0.0.1:8080 [env: OOMNITZA_URL]. For `send`, where to deliver instead of the webhook''s own URL')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'A named profile from the config file')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [default: <config dir>/oomhook/config.toml]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format [default: table on a terminal, json otherwise]')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format [default: table on a terminal, json otherwise]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour')
            [CompletionResult]::new('--presets-dir', '--presets-dir', [CompletionResultType]::ParameterName, 'Extra folder of presets (adds to and overrides the bundled ones)')
            [CompletionResult]::new('--update', '--update', [CompletionResultType]::ParameterName, 'Write the rendered bodies as the expected ones (then review the change in git)')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; a missing value is an error that names its flag')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Less output: only data and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Less output: only data and errors')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More detail on stderr (repeat for more); secrets stay redacted at every level')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More detail on stderr (repeat for more); secrets stay redacted at every level')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'oomhook;serve' {
            [CompletionResult]::new('--listen', '--listen', [CompletionResultType]::ParameterName, 'Address to listen on (port 0 picks a free port)')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'SQLite database file, or :memory: for a throwaway server')
            [CompletionResult]::new('--token-file', '--token-file', [CompletionResultType]::ParameterName, 'File holding the API token clients must send [default: OOMHOOK_SERVE_TOKEN, else a token generated and kept beside the database]')
            [CompletionResult]::new('--public-url', '--public-url', [CompletionResultType]::ParameterName, 'Public base URL used in webhook URLs [default: the listen address]')
            [CompletionResult]::new('--keep-deliveries', '--keep-deliveries', [CompletionResultType]::ParameterName, 'Keep the payloads (body and headers) of the newest N deliveries of each webhook, for `deliveries --id`, `replay` and `preview --webhook`; 0 keeps none')
            [CompletionResult]::new('--url', '--url', [CompletionResultType]::ParameterName, 'Tenant root URL, e.g. https://acme.oomnitza.com or http://127.0.0.1:8080 [env: OOMNITZA_URL]. For `send`, where to deliver instead of the webhook''s own URL')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'A named profile from the config file')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [default: <config dir>/oomhook/config.toml]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format [default: table on a terminal, json otherwise]')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format [default: table on a terminal, json otherwise]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour')
            [CompletionResult]::new('--presets-dir', '--presets-dir', [CompletionResultType]::ParameterName, 'Extra folder of presets (adds to and overrides the bundled ones)')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; a missing value is an error that names its flag')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Less output: only data and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Less output: only data and errors')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More detail on stderr (repeat for more); secrets stay redacted at every level')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More detail on stderr (repeat for more); secrets stay redacted at every level')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'oomhook;list' {
            [CompletionResult]::new('--preset', '--preset', [CompletionResultType]::ParameterName, 'Only webhooks of this preset')
            [CompletionResult]::new('--url', '--url', [CompletionResultType]::ParameterName, 'Tenant root URL, e.g. https://acme.oomnitza.com or http://127.0.0.1:8080 [env: OOMNITZA_URL]. For `send`, where to deliver instead of the webhook''s own URL')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'A named profile from the config file')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [default: <config dir>/oomhook/config.toml]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format [default: table on a terminal, json otherwise]')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format [default: table on a terminal, json otherwise]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour')
            [CompletionResult]::new('--presets-dir', '--presets-dir', [CompletionResultType]::ParameterName, 'Extra folder of presets (adds to and overrides the bundled ones)')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; a missing value is an error that names its flag')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Less output: only data and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Less output: only data and errors')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More detail on stderr (repeat for more); secrets stay redacted at every level')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More detail on stderr (repeat for more); secrets stay redacted at every level')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'oomhook;ls' {
            [CompletionResult]::new('--preset', '--preset', [CompletionResultType]::ParameterName, 'Only webhooks of this preset')
            [CompletionResult]::new('--url', '--url', [CompletionResultType]::ParameterName, 'Tenant root URL, e.g. https://acme.oomnitza.com or http://127.0.0.1:8080 [env: OOMNITZA_URL]. For `send`, where to deliver instead of the webhook''s own URL')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'A named profile from the config file')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [default: <config dir>/oomhook/config.toml]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format [default: table on a terminal, json otherwise]')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format [default: table on a terminal, json otherwise]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour')
            [CompletionResult]::new('--presets-dir', '--presets-dir', [CompletionResultType]::ParameterName, 'Extra folder of presets (adds to and overrides the bundled ones)')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; a missing value is an error that names its flag')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Less output: only data and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Less output: only data and errors')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More detail on stderr (repeat for more); secrets stay redacted at every level')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More detail on stderr (repeat for more); secrets stay redacted at every level')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'oomhook;show' {
            [CompletionResult]::new('--url', '--url', [CompletionResultType]::ParameterName, 'Tenant root URL, e.g. https://acme.oomnitza.com or http://127.0.0.1:8080 [env: OOMNITZA_URL]. For `send`, where to deliver instead of the webhook''s own URL')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'A named profile from the config file')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [default: <config dir>/oomhook/config.toml]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format [default: table on a terminal, json otherwise]')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format [default: table on a terminal, json otherwise]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour')
            [CompletionResult]::new('--presets-dir', '--presets-dir', [CompletionResultType]::ParameterName, 'Extra folder of presets (adds to and overrides the bundled ones)')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; a missing value is an error that names its flag')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Less output: only data and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Less output: only data and errors')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More detail on stderr (repeat for more); secrets stay redacted at every level')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More detail on stderr (repeat for more); secrets stay redacted at every level')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'oomhook;update' {
            [CompletionResult]::new('--name', '--name', [CompletionResultType]::ParameterName, 'New name')
            [CompletionResult]::new('--preset', '--preset', [CompletionResultType]::ParameterName, 'Move the webhook to another preset')
            [CompletionResult]::new('--secret-file', '--secret-file', [CompletionResultType]::ParameterName, 'Read the secret from a file (its first line)')
            [CompletionResult]::new('--if-version', '--if-version', [CompletionResultType]::ParameterName, 'Only update if the webhook is still at this version (optimistic locking)')
            [CompletionResult]::new('--secret-type', '--secret-type', [CompletionResultType]::ParameterName, 'New secret type [default: unchanged]')
            [CompletionResult]::new('--event', '--event', [CompletionResultType]::ParameterName, 'New Oomnitza event [default: unchanged]')
            [CompletionResult]::new('--body-file', '--body-file', [CompletionResultType]::ParameterName, 'New body template file, checked against the preset''s samples [default: unchanged]')
            [CompletionResult]::new('--sync-key', '--sync-key', [CompletionResultType]::ParameterName, 'New sync keys, in order; repeat for more [default: unchanged]')
            [CompletionResult]::new('--url', '--url', [CompletionResultType]::ParameterName, 'Tenant root URL, e.g. https://acme.oomnitza.com or http://127.0.0.1:8080 [env: OOMNITZA_URL]. For `send`, where to deliver instead of the webhook''s own URL')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'A named profile from the config file')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [default: <config dir>/oomhook/config.toml]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format [default: table on a terminal, json otherwise]')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format [default: table on a terminal, json otherwise]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour')
            [CompletionResult]::new('--presets-dir', '--presets-dir', [CompletionResultType]::ParameterName, 'Extra folder of presets (adds to and overrides the bundled ones)')
            [CompletionResult]::new('--secret-stdin', '--secret-stdin', [CompletionResultType]::ParameterName, 'Read the secret from stdin')
            [CompletionResult]::new('--generate-secret', '--generate-secret', [CompletionResultType]::ParameterName, 'Generate a strong header secret (printed once)')
            [CompletionResult]::new('--skip-body-check', '--skip-body-check', [CompletionResultType]::ParameterName, 'Store a body that fails to render against one of the preset''s samples (by default it is refused, since the vendor''s deliveries like it would be refused)')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Do not ask for confirmation')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Do not ask for confirmation')
            [CompletionResult]::new('--enabled', '--enabled', [CompletionResultType]::ParameterName, 'Enable the webhook')
            [CompletionResult]::new('--disabled', '--disabled', [CompletionResultType]::ParameterName, 'Disable the webhook (it answers deliveries 404 until enabled)')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Show what would change (the body as a diff; secret redacted) and stop')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; a missing value is an error that names its flag')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Less output: only data and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Less output: only data and errors')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More detail on stderr (repeat for more); secrets stay redacted at every level')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More detail on stderr (repeat for more); secrets stay redacted at every level')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'oomhook;delete' {
            [CompletionResult]::new('--url', '--url', [CompletionResultType]::ParameterName, 'Tenant root URL, e.g. https://acme.oomnitza.com or http://127.0.0.1:8080 [env: OOMNITZA_URL]. For `send`, where to deliver instead of the webhook''s own URL')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'A named profile from the config file')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [default: <config dir>/oomhook/config.toml]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format [default: table on a terminal, json otherwise]')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format [default: table on a terminal, json otherwise]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour')
            [CompletionResult]::new('--presets-dir', '--presets-dir', [CompletionResultType]::ParameterName, 'Extra folder of presets (adds to and overrides the bundled ones)')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Do not ask for confirmation (required without a terminal)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Do not ask for confirmation (required without a terminal)')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; a missing value is an error that names its flag')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Less output: only data and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Less output: only data and errors')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More detail on stderr (repeat for more); secrets stay redacted at every level')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More detail on stderr (repeat for more); secrets stay redacted at every level')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'oomhook;rm' {
            [CompletionResult]::new('--url', '--url', [CompletionResultType]::ParameterName, 'Tenant root URL, e.g. https://acme.oomnitza.com or http://127.0.0.1:8080 [env: OOMNITZA_URL]. For `send`, where to deliver instead of the webhook''s own URL')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'A named profile from the config file')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [default: <config dir>/oomhook/config.toml]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format [default: table on a terminal, json otherwise]')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format [default: table on a terminal, json otherwise]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour')
            [CompletionResult]::new('--presets-dir', '--presets-dir', [CompletionResultType]::ParameterName, 'Extra folder of presets (adds to and overrides the bundled ones)')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Do not ask for confirmation (required without a terminal)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Do not ask for confirmation (required without a terminal)')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; a missing value is an error that names its flag')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Less output: only data and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Less output: only data and errors')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More detail on stderr (repeat for more); secrets stay redacted at every level')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More detail on stderr (repeat for more); secrets stay redacted at every level')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'oomhook;deliveries' {
            [CompletionResult]::new('--limit', '--limit', [CompletionResultType]::ParameterName, 'At most this many deliveries, newest first (1 to 1000)')
            [CompletionResult]::new('--id', '--id', [CompletionResultType]::ParameterName, 'Show one delivery in full: its outcome, the headers and the body its request carried')
            [CompletionResult]::new('--url', '--url', [CompletionResultType]::ParameterName, 'Tenant root URL, e.g. https://acme.oomnitza.com or http://127.0.0.1:8080 [env: OOMNITZA_URL]. For `send`, where to deliver instead of the webhook''s own URL')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'A named profile from the config file')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [default: <config dir>/oomhook/config.toml]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format [default: table on a terminal, json otherwise]')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format [default: table on a terminal, json otherwise]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour')
            [CompletionResult]::new('--presets-dir', '--presets-dir', [CompletionResultType]::ParameterName, 'Extra folder of presets (adds to and overrides the bundled ones)')
            [CompletionResult]::new('--follow', '--follow', [CompletionResultType]::ParameterName, 'Show new deliveries as they arrive (one JSON object a line with -o json), until Ctrl-C; picks up where it left off if the server restarts')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; a missing value is an error that names its flag')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Less output: only data and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Less output: only data and errors')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More detail on stderr (repeat for more); secrets stay redacted at every level')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More detail on stderr (repeat for more); secrets stay redacted at every level')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'oomhook;replay' {
            [CompletionResult]::new('--delivery', '--delivery', [CompletionResultType]::ParameterName, 'Replay this delivery (repeat for more); its id as `deliveries` shows it')
            [CompletionResult]::new('--status', '--status', [CompletionResultType]::ParameterName, 'Only deliveries with this status')
            [CompletionResult]::new('--since', '--since', [CompletionResultType]::ParameterName, 'Only deliveries received since this time: RFC 3339 (2026-05-01T16:00:00Z) or an age (30m, 2h, 7d)')
            [CompletionResult]::new('--last', '--last', [CompletionResultType]::ParameterName, 'Only the newest N deliveries (after the filters above)')
            [CompletionResult]::new('--url', '--url', [CompletionResultType]::ParameterName, 'Tenant root URL, e.g. https://acme.oomnitza.com or http://127.0.0.1:8080 [env: OOMNITZA_URL]. For `send`, where to deliver instead of the webhook''s own URL')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'A named profile from the config file')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [default: <config dir>/oomhook/config.toml]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format [default: table on a terminal, json otherwise]')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format [default: table on a terminal, json otherwise]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour')
            [CompletionResult]::new('--presets-dir', '--presets-dir', [CompletionResultType]::ParameterName, 'Extra folder of presets (adds to and overrides the bundled ones)')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Show which deliveries would be replayed, and replay none')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Replay more than one without asking')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Replay more than one without asking')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; a missing value is an error that names its flag')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Less output: only data and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Less output: only data and errors')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More detail on stderr (repeat for more); secrets stay redacted at every level')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More detail on stderr (repeat for more); secrets stay redacted at every level')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'oomhook;apply' {
            [CompletionResult]::new('-f', '-f', [CompletionResultType]::ParameterName, 'The apply file (YAML), or - for stdin')
            [CompletionResult]::new('--file', '--file', [CompletionResultType]::ParameterName, 'The apply file (YAML), or - for stdin')
            [CompletionResult]::new('--concurrency', '--concurrency', [CompletionResultType]::ParameterName, 'How many requests at once')
            [CompletionResult]::new('--rotate-secrets', '--rotate-secrets', [CompletionResultType]::ParameterName, 'Send the secrets of existing webhooks again: all in the file, or those named (--rotate-secrets=NAME,NAME). Otherwise a secret is sent only when its webhook is created')
            [CompletionResult]::new('--url', '--url', [CompletionResultType]::ParameterName, 'Tenant root URL, e.g. https://acme.oomnitza.com or http://127.0.0.1:8080 [env: OOMNITZA_URL]. For `send`, where to deliver instead of the webhook''s own URL')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'A named profile from the config file')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [default: <config dir>/oomhook/config.toml]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format [default: table on a terminal, json otherwise]')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format [default: table on a terminal, json otherwise]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour')
            [CompletionResult]::new('--presets-dir', '--presets-dir', [CompletionResultType]::ParameterName, 'Extra folder of presets (adds to and overrides the bundled ones)')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Print the plan and stop')
            [CompletionResult]::new('--prune', '--prune', [CompletionResultType]::ParameterName, 'Delete webhooks on the server that the file does not list')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Do not ask before deleting with --prune')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Do not ask before deleting with --prune')
            [CompletionResult]::new('--skip-body-check', '--skip-body-check', [CompletionResultType]::ParameterName, 'Apply bodies that fail to render against one of their preset''s samples (by default the file is refused, since the vendor''s deliveries like it would be refused)')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; a missing value is an error that names its flag')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Less output: only data and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Less output: only data and errors')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More detail on stderr (repeat for more); secrets stay redacted at every level')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More detail on stderr (repeat for more); secrets stay redacted at every level')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'oomhook;export' {
            [CompletionResult]::new('--url', '--url', [CompletionResultType]::ParameterName, 'Tenant root URL, e.g. https://acme.oomnitza.com or http://127.0.0.1:8080 [env: OOMNITZA_URL]. For `send`, where to deliver instead of the webhook''s own URL')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'A named profile from the config file')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [default: <config dir>/oomhook/config.toml]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format [default: table on a terminal, json otherwise]')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format [default: table on a terminal, json otherwise]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour')
            [CompletionResult]::new('--presets-dir', '--presets-dir', [CompletionResultType]::ParameterName, 'Extra folder of presets (adds to and overrides the bundled ones)')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; a missing value is an error that names its flag')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Less output: only data and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Less output: only data and errors')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More detail on stderr (repeat for more); secrets stay redacted at every level')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More detail on stderr (repeat for more); secrets stay redacted at every level')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'oomhook;send' {
            [CompletionResult]::new('--sample', '--sample', [CompletionResultType]::ParameterName, 'Which of the preset''s samples to send [default: the first]')
            [CompletionResult]::new('--payload', '--payload', [CompletionResultType]::ParameterName, 'Payload file (JSON) to send instead of a sample, or - for stdin')
            [CompletionResult]::new('--to', '--to', [CompletionResultType]::ParameterName, 'Deliver here instead of the webhook''s own URL (same as `send --url`; the server is then taken from OOMNITZA_URL or the profile)')
            [CompletionResult]::new('--secret-file', '--secret-file', [CompletionResultType]::ParameterName, 'Read the secret from a file (its first line)')
            [CompletionResult]::new('--url', '--url', [CompletionResultType]::ParameterName, 'Tenant root URL, e.g. https://acme.oomnitza.com or http://127.0.0.1:8080 [env: OOMNITZA_URL]. For `send`, where to deliver instead of the webhook''s own URL')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'A named profile from the config file')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [default: <config dir>/oomhook/config.toml]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format [default: table on a terminal, json otherwise]')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format [default: table on a terminal, json otherwise]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour')
            [CompletionResult]::new('--presets-dir', '--presets-dir', [CompletionResultType]::ParameterName, 'Extra folder of presets (adds to and overrides the bundled ones)')
            [CompletionResult]::new('--secret-stdin', '--secret-stdin', [CompletionResultType]::ParameterName, 'Read the secret from stdin')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; a missing value is an error that names its flag')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Less output: only data and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Less output: only data and errors')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More detail on stderr (repeat for more); secrets stay redacted at every level')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More detail on stderr (repeat for more); secrets stay redacted at every level')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'oomhook;login' {
            [CompletionResult]::new('--url', '--url', [CompletionResultType]::ParameterName, 'Tenant root URL, e.g. https://acme.oomnitza.com or http://127.0.0.1:8080 [env: OOMNITZA_URL]. For `send`, where to deliver instead of the webhook''s own URL')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'A named profile from the config file')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [default: <config dir>/oomhook/config.toml]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format [default: table on a terminal, json otherwise]')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format [default: table on a terminal, json otherwise]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour')
            [CompletionResult]::new('--presets-dir', '--presets-dir', [CompletionResultType]::ParameterName, 'Extra folder of presets (adds to and overrides the bundled ones)')
            [CompletionResult]::new('--with-token', '--with-token', [CompletionResultType]::ParameterName, 'Read the token from stdin instead of prompting')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; a missing value is an error that names its flag')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Less output: only data and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Less output: only data and errors')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More detail on stderr (repeat for more); secrets stay redacted at every level')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More detail on stderr (repeat for more); secrets stay redacted at every level')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'oomhook;logout' {
            [CompletionResult]::new('--url', '--url', [CompletionResultType]::ParameterName, 'Tenant root URL, e.g. https://acme.oomnitza.com or http://127.0.0.1:8080 [env: OOMNITZA_URL]. For `send`, where to deliver instead of the webhook''s own URL')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'A named profile from the config file')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [default: <config dir>/oomhook/config.toml]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format [default: table on a terminal, json otherwise]')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format [default: table on a terminal, json otherwise]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour')
            [CompletionResult]::new('--presets-dir', '--presets-dir', [CompletionResultType]::ParameterName, 'Extra folder of presets (adds to and overrides the bundled ones)')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; a missing value is an error that names its flag')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Less output: only data and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Less output: only data and errors')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More detail on stderr (repeat for more); secrets stay redacted at every level')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More detail on stderr (repeat for more); secrets stay redacted at every level')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'oomhook;whoami' {
            [CompletionResult]::new('--url', '--url', [CompletionResultType]::ParameterName, 'Tenant root URL, e.g. https://acme.oomnitza.com or http://127.0.0.1:8080 [env: OOMNITZA_URL]. For `send`, where to deliver instead of the webhook''s own URL')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'A named profile from the config file')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [default: <config dir>/oomhook/config.toml]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format [default: table on a terminal, json otherwise]')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format [default: table on a terminal, json otherwise]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour')
            [CompletionResult]::new('--presets-dir', '--presets-dir', [CompletionResultType]::ParameterName, 'Extra folder of presets (adds to and overrides the bundled ones)')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; a missing value is an error that names its flag')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Less output: only data and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Less output: only data and errors')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More detail on stderr (repeat for more); secrets stay redacted at every level')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More detail on stderr (repeat for more); secrets stay redacted at every level')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'oomhook;config' {
            [CompletionResult]::new('--url', '--url', [CompletionResultType]::ParameterName, 'Tenant root URL, e.g. https://acme.oomnitza.com or http://127.0.0.1:8080 [env: OOMNITZA_URL]. For `send`, where to deliver instead of the webhook''s own URL')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'A named profile from the config file')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [default: <config dir>/oomhook/config.toml]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format [default: table on a terminal, json otherwise]')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format [default: table on a terminal, json otherwise]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour')
            [CompletionResult]::new('--presets-dir', '--presets-dir', [CompletionResultType]::ParameterName, 'Extra folder of presets (adds to and overrides the bundled ones)')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; a missing value is an error that names its flag')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Less output: only data and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Less output: only data and errors')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More detail on stderr (repeat for more); secrets stay redacted at every level')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More detail on stderr (repeat for more); secrets stay redacted at every level')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Each effective setting and where it came from (secrets redacted)')
            [CompletionResult]::new('path', 'path', [CompletionResultType]::ParameterValue, 'The config file''s path')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'oomhook;config;show' {
            [CompletionResult]::new('--url', '--url', [CompletionResultType]::ParameterName, 'Tenant root URL, e.g. https://acme.oomnitza.com or http://127.0.0.1:8080 [env: OOMNITZA_URL]. For `send`, where to deliver instead of the webhook''s own URL')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'A named profile from the config file')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [default: <config dir>/oomhook/config.toml]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format [default: table on a terminal, json otherwise]')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format [default: table on a terminal, json otherwise]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour')
            [CompletionResult]::new('--presets-dir', '--presets-dir', [CompletionResultType]::ParameterName, 'Extra folder of presets (adds to and overrides the bundled ones)')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; a missing value is an error that names its flag')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Less output: only data and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Less output: only data and errors')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More detail on stderr (repeat for more); secrets stay redacted at every level')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More detail on stderr (repeat for more); secrets stay redacted at every level')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'oomhook;config;path' {
            [CompletionResult]::new('--url', '--url', [CompletionResultType]::ParameterName, 'Tenant root URL, e.g. https://acme.oomnitza.com or http://127.0.0.1:8080 [env: OOMNITZA_URL]. For `send`, where to deliver instead of the webhook''s own URL')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'A named profile from the config file')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [default: <config dir>/oomhook/config.toml]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format [default: table on a terminal, json otherwise]')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format [default: table on a terminal, json otherwise]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour')
            [CompletionResult]::new('--presets-dir', '--presets-dir', [CompletionResultType]::ParameterName, 'Extra folder of presets (adds to and overrides the bundled ones)')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; a missing value is an error that names its flag')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Less output: only data and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Less output: only data and errors')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More detail on stderr (repeat for more); secrets stay redacted at every level')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More detail on stderr (repeat for more); secrets stay redacted at every level')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'oomhook;config;help' {
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Each effective setting and where it came from (secrets redacted)')
            [CompletionResult]::new('path', 'path', [CompletionResultType]::ParameterValue, 'The config file''s path')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'oomhook;config;help;show' {
            break
        }
        'oomhook;config;help;path' {
            break
        }
        'oomhook;config;help;help' {
            break
        }
        'oomhook;completions' {
            [CompletionResult]::new('--url', '--url', [CompletionResultType]::ParameterName, 'Tenant root URL, e.g. https://acme.oomnitza.com or http://127.0.0.1:8080 [env: OOMNITZA_URL]. For `send`, where to deliver instead of the webhook''s own URL')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'A named profile from the config file')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [default: <config dir>/oomhook/config.toml]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format [default: table on a terminal, json otherwise]')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format [default: table on a terminal, json otherwise]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour')
            [CompletionResult]::new('--presets-dir', '--presets-dir', [CompletionResultType]::ParameterName, 'Extra folder of presets (adds to and overrides the bundled ones)')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; a missing value is an error that names its flag')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Less output: only data and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Less output: only data and errors')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More detail on stderr (repeat for more); secrets stay redacted at every level')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More detail on stderr (repeat for more); secrets stay redacted at every level')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'oomhook;man' {
            [CompletionResult]::new('--url', '--url', [CompletionResultType]::ParameterName, 'Tenant root URL, e.g. https://acme.oomnitza.com or http://127.0.0.1:8080 [env: OOMNITZA_URL]. For `send`, where to deliver instead of the webhook''s own URL')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'A named profile from the config file')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [default: <config dir>/oomhook/config.toml]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format [default: table on a terminal, json otherwise]')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format [default: table on a terminal, json otherwise]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour')
            [CompletionResult]::new('--presets-dir', '--presets-dir', [CompletionResultType]::ParameterName, 'Extra folder of presets (adds to and overrides the bundled ones)')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; a missing value is an error that names its flag')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Less output: only data and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Less output: only data and errors')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More detail on stderr (repeat for more); secrets stay redacted at every level')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More detail on stderr (repeat for more); secrets stay redacted at every level')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'oomhook;preview' {
            [CompletionResult]::new('--sample', '--sample', [CompletionResultType]::ParameterName, 'Which of the preset''s samples to render against [default: the first]')
            [CompletionResult]::new('--payload', '--payload', [CompletionResultType]::ParameterName, 'Payload file (JSON), or - for stdin')
            [CompletionResult]::new('--template', '--template', [CompletionResultType]::ParameterName, 'Template file that replaces the preset''s body')
            [CompletionResult]::new('--event', '--event', [CompletionResultType]::ParameterName, 'Oomnitza event given to the template as `oomnitza_event` [default: the preset''s]')
            [CompletionResult]::new('--sync-key', '--sync-key', [CompletionResultType]::ParameterName, 'Sync key (repeat, in order) [default: the preset''s]')
            [CompletionResult]::new('--header', '--header', [CompletionResultType]::ParameterName, 'Request header given to the template as `headers` (''Name: value''; repeat)')
            [CompletionResult]::new('--webhook', '--webhook', [CompletionResultType]::ParameterName, 'What a change would do: render the body (or --template) against this webhook''s recorded payloads and show, per delivery, what differs from what was rendered then')
            [CompletionResult]::new('--last', '--last', [CompletionResultType]::ParameterName, 'With --webhook: compare the newest N deliveries [default: 10]')
            [CompletionResult]::new('--url', '--url', [CompletionResultType]::ParameterName, 'Tenant root URL, e.g. https://acme.oomnitza.com or http://127.0.0.1:8080 [env: OOMNITZA_URL]. For `send`, where to deliver instead of the webhook''s own URL')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'A named profile from the config file')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [default: <config dir>/oomhook/config.toml]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format [default: table on a terminal, json otherwise]')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format [default: table on a terminal, json otherwise]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour')
            [CompletionResult]::new('--presets-dir', '--presets-dir', [CompletionResultType]::ParameterName, 'Extra folder of presets (adds to and overrides the bundled ones)')
            [CompletionResult]::new('--raw', '--raw', [CompletionResultType]::ParameterName, 'Print exactly what the template rendered, byte for byte, and nothing else')
            [CompletionResult]::new('--ndjson', '--ndjson', [CompletionResultType]::ParameterName, 'Read one JSON payload per line from --payload and write one compact body per line')
            [CompletionResult]::new('--lenient', '--lenient', [CompletionResultType]::ParameterName, 'Render undefined variables as empty (as Oomnitza does), with a warning')
            [CompletionResult]::new('--watch', '--watch', [CompletionResultType]::ParameterName, 'Render again whenever the template, the payload or the preset file is saved (Ctrl-C stops)')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; a missing value is an error that names its flag')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Less output: only data and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Less output: only data and errors')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More detail on stderr (repeat for more); secrets stay redacted at every level')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More detail on stderr (repeat for more); secrets stay redacted at every level')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'oomhook;add' {
            [CompletionResult]::new('--name', '--name', [CompletionResultType]::ParameterName, 'Unique webhook name')
            [CompletionResult]::new('--secret-type', '--secret-type', [CompletionResultType]::ParameterName, 'Secret type [default: the preset''s]')
            [CompletionResult]::new('--secret-file', '--secret-file', [CompletionResultType]::ParameterName, 'Read the secret from a file (its first line)')
            [CompletionResult]::new('--event', '--event', [CompletionResultType]::ParameterName, 'Oomnitza event [default: the preset''s]')
            [CompletionResult]::new('--body-file', '--body-file', [CompletionResultType]::ParameterName, 'Body template file [default: the preset''s body]')
            [CompletionResult]::new('--sync-key', '--sync-key', [CompletionResultType]::ParameterName, 'Sync key, in order; repeat for more [default: the preset''s]')
            [CompletionResult]::new('--preset', '--preset', [CompletionResultType]::ParameterName, 'Vendor preset id')
            [CompletionResult]::new('--url', '--url', [CompletionResultType]::ParameterName, 'Tenant root URL, e.g. https://acme.oomnitza.com or http://127.0.0.1:8080 [env: OOMNITZA_URL]. For `send`, where to deliver instead of the webhook''s own URL')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'A named profile from the config file')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [default: <config dir>/oomhook/config.toml]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format [default: table on a terminal, json otherwise]')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format [default: table on a terminal, json otherwise]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour')
            [CompletionResult]::new('--presets-dir', '--presets-dir', [CompletionResultType]::ParameterName, 'Extra folder of presets (adds to and overrides the bundled ones)')
            [CompletionResult]::new('--secret-stdin', '--secret-stdin', [CompletionResultType]::ParameterName, 'Read the secret from stdin')
            [CompletionResult]::new('--generate-secret', '--generate-secret', [CompletionResultType]::ParameterName, 'Generate a strong header secret (printed once)')
            [CompletionResult]::new('--disabled', '--disabled', [CompletionResultType]::ParameterName, 'Create (or set) the webhook disabled')
            [CompletionResult]::new('--skip-body-check', '--skip-body-check', [CompletionResultType]::ParameterName, 'Store a body that fails to render against one of the preset''s samples (by default it is refused, since the vendor''s deliveries like it would be refused)')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Print the request that would be sent (secret redacted) and stop')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Do not ask for confirmation')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Do not ask for confirmation')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; a missing value is an error that names its flag')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Less output: only data and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Less output: only data and errors')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More detail on stderr (repeat for more); secrets stay redacted at every level')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More detail on stderr (repeat for more); secrets stay redacted at every level')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'oomhook;sign' {
            [CompletionResult]::new('--payload', '--payload', [CompletionResultType]::ParameterName, 'Payload file, or - for stdin [default: the preset''s first sample]')
            [CompletionResult]::new('--timestamp', '--timestamp', [CompletionResultType]::ParameterName, 'Timestamp to sign with, unix seconds [default: now]')
            [CompletionResult]::new('--id', '--id', [CompletionResultType]::ParameterName, 'Message id, for schemes that sign one (Standard Webhooks) [default: a new one]')
            [CompletionResult]::new('--secret-type', '--secret-type', [CompletionResultType]::ParameterName, 'Secret type whose scheme to use [default: the preset''s]')
            [CompletionResult]::new('--secret-file', '--secret-file', [CompletionResultType]::ParameterName, 'Read the secret from a file (its first line)')
            [CompletionResult]::new('--preset', '--preset', [CompletionResultType]::ParameterName, 'Vendor preset id (its signature scheme)')
            [CompletionResult]::new('--url', '--url', [CompletionResultType]::ParameterName, 'Tenant root URL, e.g. https://acme.oomnitza.com or http://127.0.0.1:8080 [env: OOMNITZA_URL]. For `send`, where to deliver instead of the webhook''s own URL')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'A named profile from the config file')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [default: <config dir>/oomhook/config.toml]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format [default: table on a terminal, json otherwise]')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format [default: table on a terminal, json otherwise]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour')
            [CompletionResult]::new('--presets-dir', '--presets-dir', [CompletionResultType]::ParameterName, 'Extra folder of presets (adds to and overrides the bundled ones)')
            [CompletionResult]::new('--secret-stdin', '--secret-stdin', [CompletionResultType]::ParameterName, 'Read the secret from stdin')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; a missing value is an error that names its flag')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Less output: only data and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Less output: only data and errors')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More detail on stderr (repeat for more); secrets stay redacted at every level')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More detail on stderr (repeat for more); secrets stay redacted at every level')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'oomhook;verify' {
            [CompletionResult]::new('--payload', '--payload', [CompletionResultType]::ParameterName, 'The raw request body, or - for stdin')
            [CompletionResult]::new('--header', '--header', [CompletionResultType]::ParameterName, 'A request header as received (''Name: value''; repeat)')
            [CompletionResult]::new('--tolerance', '--tolerance', [CompletionResultType]::ParameterName, 'Seconds a timestamp may be off (0: do not check) [default: the preset''s]')
            [CompletionResult]::new('--now', '--now', [CompletionResultType]::ParameterName, 'Check against this time (unix seconds) instead of now')
            [CompletionResult]::new('--secret-type', '--secret-type', [CompletionResultType]::ParameterName, 'Secret type whose scheme to use [default: the preset''s]')
            [CompletionResult]::new('--secret-file', '--secret-file', [CompletionResultType]::ParameterName, 'Read the secret from a file (its first line)')
            [CompletionResult]::new('--preset', '--preset', [CompletionResultType]::ParameterName, 'Vendor preset id (its signature scheme)')
            [CompletionResult]::new('--url', '--url', [CompletionResultType]::ParameterName, 'Tenant root URL, e.g. https://acme.oomnitza.com or http://127.0.0.1:8080 [env: OOMNITZA_URL]. For `send`, where to deliver instead of the webhook''s own URL')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'A named profile from the config file')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [default: <config dir>/oomhook/config.toml]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format [default: table on a terminal, json otherwise]')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format [default: table on a terminal, json otherwise]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour')
            [CompletionResult]::new('--presets-dir', '--presets-dir', [CompletionResultType]::ParameterName, 'Extra folder of presets (adds to and overrides the bundled ones)')
            [CompletionResult]::new('--secret-stdin', '--secret-stdin', [CompletionResultType]::ParameterName, 'Read the secret from stdin')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; a missing value is an error that names its flag')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Less output: only data and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Less output: only data and errors')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More detail on stderr (repeat for more); secrets stay redacted at every level')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More detail on stderr (repeat for more); secrets stay redacted at every level')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'oomhook;presets' {
            [CompletionResult]::new('--url', '--url', [CompletionResultType]::ParameterName, 'Tenant root URL, e.g. https://acme.oomnitza.com or http://127.0.0.1:8080 [env: OOMNITZA_URL]. For `send`, where to deliver instead of the webhook''s own URL')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'A named profile from the config file')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [default: <config dir>/oomhook/config.toml]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format [default: table on a terminal, json otherwise]')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format [default: table on a terminal, json otherwise]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour')
            [CompletionResult]::new('--presets-dir', '--presets-dir', [CompletionResultType]::ParameterName, 'Extra folder of presets (adds to and overrides the bundled ones)')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; a missing value is an error that names its flag')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Less output: only data and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Less output: only data and errors')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More detail on stderr (repeat for more); secrets stay redacted at every level')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More detail on stderr (repeat for more); secrets stay redacted at every level')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List the presets')
            [CompletionResult]::new('ls', 'ls', [CompletionResultType]::ParameterValue, 'List the presets')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Show one preset')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'oomhook;presets;list' {
            [CompletionResult]::new('--vendor', '--vendor', [CompletionResultType]::ParameterName, 'Only presets of this vendor')
            [CompletionResult]::new('--url', '--url', [CompletionResultType]::ParameterName, 'Tenant root URL, e.g. https://acme.oomnitza.com or http://127.0.0.1:8080 [env: OOMNITZA_URL]. For `send`, where to deliver instead of the webhook''s own URL')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'A named profile from the config file')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [default: <config dir>/oomhook/config.toml]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format [default: table on a terminal, json otherwise]')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format [default: table on a terminal, json otherwise]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour')
            [CompletionResult]::new('--presets-dir', '--presets-dir', [CompletionResultType]::ParameterName, 'Extra folder of presets (adds to and overrides the bundled ones)')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; a missing value is an error that names its flag')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Less output: only data and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Less output: only data and errors')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More detail on stderr (repeat for more); secrets stay redacted at every level')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More detail on stderr (repeat for more); secrets stay redacted at every level')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'oomhook;presets;ls' {
            [CompletionResult]::new('--vendor', '--vendor', [CompletionResultType]::ParameterName, 'Only presets of this vendor')
            [CompletionResult]::new('--url', '--url', [CompletionResultType]::ParameterName, 'Tenant root URL, e.g. https://acme.oomnitza.com or http://127.0.0.1:8080 [env: OOMNITZA_URL]. For `send`, where to deliver instead of the webhook''s own URL')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'A named profile from the config file')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [default: <config dir>/oomhook/config.toml]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format [default: table on a terminal, json otherwise]')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format [default: table on a terminal, json otherwise]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour')
            [CompletionResult]::new('--presets-dir', '--presets-dir', [CompletionResultType]::ParameterName, 'Extra folder of presets (adds to and overrides the bundled ones)')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; a missing value is an error that names its flag')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Less output: only data and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Less output: only data and errors')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More detail on stderr (repeat for more); secrets stay redacted at every level')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More detail on stderr (repeat for more); secrets stay redacted at every level')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'oomhook;presets;show' {
            [CompletionResult]::new('--sample', '--sample', [CompletionResultType]::ParameterName, 'Print this sample payload, exactly as `send` sends it (JSON, byte for byte); the sample names are listed by `presets show PRESET`')
            [CompletionResult]::new('--url', '--url', [CompletionResultType]::ParameterName, 'Tenant root URL, e.g. https://acme.oomnitza.com or http://127.0.0.1:8080 [env: OOMNITZA_URL]. For `send`, where to deliver instead of the webhook''s own URL')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'A named profile from the config file')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [default: <config dir>/oomhook/config.toml]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format [default: table on a terminal, json otherwise]')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format [default: table on a terminal, json otherwise]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour')
            [CompletionResult]::new('--presets-dir', '--presets-dir', [CompletionResultType]::ParameterName, 'Extra folder of presets (adds to and overrides the bundled ones)')
            [CompletionResult]::new('--template', '--template', [CompletionResultType]::ParameterName, 'Print only the body template, byte for byte')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; a missing value is an error that names its flag')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Less output: only data and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Less output: only data and errors')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More detail on stderr (repeat for more); secrets stay redacted at every level')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More detail on stderr (repeat for more); secrets stay redacted at every level')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'oomhook;presets;help' {
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List the presets')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Show one preset')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'oomhook;presets;help;list' {
            break
        }
        'oomhook;presets;help;show' {
            break
        }
        'oomhook;presets;help;help' {
            break
        }
        'oomhook;help' {
            [CompletionResult]::new('validate', 'validate', [CompletionResultType]::ParameterValue, 'Check presets: schema, template syntax, every sample renders with its sync keys')
            [CompletionResult]::new('test', 'test', [CompletionResultType]::ParameterValue, 'Render every sample of every preset and compare with its expected bodies, for CI')
            [CompletionResult]::new('serve', 'serve', [CompletionResultType]::ParameterValue, 'Run a local Oomnitza-compatible server')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List the webhooks on the server')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Show one webhook')
            [CompletionResult]::new('update', 'update', [CompletionResultType]::ParameterValue, 'Change fields of a webhook')
            [CompletionResult]::new('delete', 'delete', [CompletionResultType]::ParameterValue, 'Delete a webhook')
            [CompletionResult]::new('deliveries', 'deliveries', [CompletionResultType]::ParameterValue, 'Show the delivery log of a webhook')
            [CompletionResult]::new('replay', 'replay', [CompletionResultType]::ParameterValue, 'Run recorded deliveries again through the webhook''s current body, event and sync keys')
            [CompletionResult]::new('apply', 'apply', [CompletionResultType]::ParameterValue, 'Make the server''s webhooks match a YAML file (create, update, prune)')
            [CompletionResult]::new('export', 'export', [CompletionResultType]::ParameterValue, 'Write the server''s webhooks as an apply file on stdout')
            [CompletionResult]::new('send', 'send', [CompletionResultType]::ParameterValue, 'Deliver a sample event to a webhook, signed as the vendor signs it')
            [CompletionResult]::new('login', 'login', [CompletionResultType]::ParameterValue, 'Check an API token against the server and store it in the OS keyring')
            [CompletionResult]::new('logout', 'logout', [CompletionResultType]::ParameterValue, 'Forget the stored API token of the profile')
            [CompletionResult]::new('whoami', 'whoami', [CompletionResultType]::ParameterValue, 'Show the server, the profile and where the token came from (never the token)')
            [CompletionResult]::new('config', 'config', [CompletionResultType]::ParameterValue, 'Show the effective configuration')
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Print shell completions (`--help` says where to put them)')
            [CompletionResult]::new('man', 'man', [CompletionResultType]::ParameterValue, 'Write the man page (roff) to stdout')
            [CompletionResult]::new('preview', 'preview', [CompletionResultType]::ParameterValue, 'Render a preset''s body (or any template) against a sample payload, offline')
            [CompletionResult]::new('add', 'add', [CompletionResultType]::ParameterValue, 'Create a webhook from a vendor preset (asks for missing values on a terminal)')
            [CompletionResult]::new('sign', 'sign', [CompletionResultType]::ParameterValue, 'Print the headers a vendor would send for a payload')
            [CompletionResult]::new('verify', 'verify', [CompletionResultType]::ParameterValue, 'Check a vendor request''s signature or header secret')
            [CompletionResult]::new('presets', 'presets', [CompletionResultType]::ParameterValue, 'Browse the bundled (and your own) vendor presets')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'oomhook;help;validate' {
            break
        }
        'oomhook;help;test' {
            break
        }
        'oomhook;help;serve' {
            break
        }
        'oomhook;help;list' {
            break
        }
        'oomhook;help;show' {
            break
        }
        'oomhook;help;update' {
            break
        }
        'oomhook;help;delete' {
            break
        }
        'oomhook;help;deliveries' {
            break
        }
        'oomhook;help;replay' {
            break
        }
        'oomhook;help;apply' {
            break
        }
        'oomhook;help;export' {
            break
        }
        'oomhook;help;send' {
            break
        }
        'oomhook;help;login' {
            break
        }
        'oomhook;help;logout' {
            break
        }
        'oomhook;help;whoami' {
            break
        }
        'oomhook;help;config' {
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Each effective setting and where it came from (secrets redacted)')
            [CompletionResult]::new('path', 'path', [CompletionResultType]::ParameterValue, 'The config file''s path')
            break
        }
        'oomhook;help;config;show' {
            break
        }
        'oomhook;help;config;path' {
            break
        }
        'oomhook;help;completions' {
            break
        }
        'oomhook;help;man' {
            break
        }
        'oomhook;help;preview' {
            break
        }
        'oomhook;help;add' {
            break
        }
        'oomhook;help;sign' {
            break
        }
        'oomhook;help;verify' {
            break
        }
        'oomhook;help;presets' {
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List the presets')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Show one preset')
            break
        }
        'oomhook;help;presets;list' {
            break
        }
        'oomhook;help;presets;show' {
            break
        }
        'oomhook;help;help' {
            break
        }
    })

    $completions.Where{ $_.CompletionText -like "$wordToComplete*" } |
        Sort-Object -Property ListItemText
}
