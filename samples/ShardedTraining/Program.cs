return await ShardedTraining.ShardedTrainingApp.RunAsync(args, Console.Out, Console.Error);
