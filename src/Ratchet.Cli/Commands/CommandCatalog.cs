namespace Ratchet.Cli.Commands;

/// <summary>Every command of the tool, in the order help lists them. Adding a command is one
/// <see cref="RatchetCommand"/> subclass in its own file and one line here.</summary>
internal static class CommandCatalog
{
    public static IReadOnlyList<RatchetCommand> Create() =>
    [
        new StatusCommand(),
        new ListCommand(),
        new VerifyCommand(),
        new HistoryCommand(),
        new ConfigCommand(),
        new PruneCommand(),
        new PinCommand(),
        new UnpinCommand(),
        new TensorsCommand(),
        new InspectCommand(),
        new AdoptCommand(),
        new ExportCommand(),
        new TensorBoardCommand(),
        new ReportCommand(),
    ];
}
