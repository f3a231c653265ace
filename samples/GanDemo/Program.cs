return await GanDemo.GanDemoApp.RunAsync(args, Console.Out, Console.Error);
