Console.WriteLine("GanDemo: not yet implemented.");
return 0;
