use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    // clap exits with status 2 on usage errors, like grep and diff.
    let cli = michart::cli::Cli::parse();
    let error_status = cli.error_status();
    let result = cli.validate().and_then(|options| michart::run(&options));
    match result {
        Ok(code) => code,
        Err(e) => {
            eprintln!("error: {e}");
            for cause in e.chain().skip(1) {
                eprintln!("  {}", cause.to_string().replace('\n', "\n  "));
            }
            ExitCode::from(error_status)
        }
    }
}
