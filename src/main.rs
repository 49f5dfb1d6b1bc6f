fn main() -> std::process::ExitCode {
    oomhook::run(std::env::args_os())
}
