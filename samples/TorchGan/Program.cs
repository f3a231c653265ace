return await TorchGan.TorchGanApp.RunAsync(args, Console.Out, Console.Error);
