Console.WriteLine("quickstart");
